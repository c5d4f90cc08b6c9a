package dev.gramian.runtime.tensorflow.lm;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gram algebra of docs/science.md §4 as graph ops: inner products of per-sequence gradients,
 * and each sequence's slope along a direction, from one backward pass of {@code Σ_i logp_i} to the
 * outputs a network recorded on its {@link GramTape}. Per linear layer the weight term exists in two
 * forms — ghost products {@code sum((A_i A_jᵀ) ⊙ (Δ_i Δ_jᵀ))}, cheaper for short sequences, and
 * in-layer per-sequence gradients {@code A_iᵀΔ_i}, cheaper at T = 128, width 256, where ghost products
 * cost 1.5× more multiply-adds and run slower per multiply-add — and each run fetches the cheaper
 * ({@link #ghostLayers}). Small parameters (LayerNorms, biases) and the token embedding are summed
 * into one base term. The ops are added on first use and reused.
 */
final class GhostGram<T extends TFloating> {

    /** How the fast Gram path computes a linear layer's weight term. */
    enum LinearTerm {
        /** Per layer, whichever of the two below costs less for the batch's shape. */
        CHEAPER,
        /** Ghost products {@code sum((A_i A_jᵀ) ⊙ (Δ_i Δ_jᵀ))}: cheap for short sequences. */
        GHOST,
        /** In-layer per-sequence gradients {@code A_iᵀ Δ_i} and their dot products: cheap for long ones. */
        MATERIALISED
    }

    /**
     * Fetchable Gram terms of one form (pairs or full): the small parameters and the token
     * embedding together, and each linear layer's weight term computed both ways, of which each
     * run fetches the cheaper for its sequence length. For the pair form also each sequence's slope
     * along the fed direction ({@code [N]} each): the LayerNorms' and embeddings' part, and each
     * linear layer's part in the same two ways, sharing the products of the term the run fetches
     * (null for the full form).
     */
    record GramOps<T extends TFloating>(Operand<T> base, List<Operand<T>> ghost, List<Operand<T>> materialised,
                                        Slopes<T> slopes) {
    }

    /** The slope ops of the pair form; see {@link GramOps}. */
    record Slopes<T extends TFloating>(Operand<T> base, List<Operand<T>> ghost, List<Operand<T>> materialised) {
    }

    /**
     * CPU throughput of the batched products behind a materialised term relative to a ghost term's,
     * measured here: {@code A_iᵀΔ_i} (contraction over positions) ran 1.5× faster per multiply-add
     * than {@code A_i A_iᵀ} (contraction over features) at the reference shape.
     */
    private static final double MATERIALISED_SPEEDUP = 1.5;

    private final LanguageModelGraph<T> lm;
    private final Ops tf;
    private final Class<T> type;
    private final GramTape<T> tape;
    private GramOps<T> pairGram;
    private GramOps<T> fullGram;

    GhostGram(LanguageModelGraph<T> lm, GramTape<T> tape) {
        this.lm = lm;
        this.tf = lm.tf();
        this.type = lm.type();
        this.tape = tape;
    }

    /** The number of fetched terms per form: one per linear layer plus the base. */
    int terms() {
        return tape.linears().size() + 1;
    }

    /** The ops of the full ({@code 2B×2B}) or pair form, built on first use. */
    GramOps<T> ops(boolean full) {
        if (full) {
            if (fullGram == null) {
                fullGram = buildGram(true);
            }
            return fullGram;
        }
        if (pairGram == null) {
            pairGram = buildGram(false);
        }
        return pairGram;
    }

    /** Per linear layer, whether a run of {@code rows} sequences of {@code positions} takes its ghost form. */
    boolean[] ghostLayers(int rows, int positions, boolean full, LinearTerm policy) {
        List<GramTape.Linear<T>> linears = tape.linears();
        boolean[] ghost = new boolean[linears.size()];
        for (int i = 0; i < ghost.length; i++) {
            ghost[i] = switch (policy) {
                case GHOST -> true;
                case MATERIALISED -> false;
                case CHEAPER -> ghostIsCheaper(linears.get(i), rows, positions, full);
            };
        }
        return ghost;
    }

    /** Multiply-add counts of the two forms for N sequences of T positions (docs/science.md §4). */
    private static boolean ghostIsCheaper(GramTape.Linear<?> l, int n, int t, boolean full) {
        double inOut = (double) l.in() * l.out();
        double ghost = full ? Math.pow((double) n * t, 2) * (l.in() + l.out()) : 1.5 * n * t * t * (l.in() + l.out());
        double materialised = (double) n * t * inOut / MATERIALISED_SPEEDUP + (full ? (double) n * n : 1.5 * n) * inOut;
        return ghost < materialised;
    }

    private GramOps<T> buildGram(boolean full) {
        List<Operand<T>> targets = new ArrayList<>();
        tape.linears().forEach(l -> targets.add(l.output()));
        tape.norms().forEach(n -> targets.add(n.output()));
        targets.add(tape.embeddingSum());
        List<Operand<T>> deltas = lm.gradients(lm.sequenceLogp(), lm.weights(), targets);
        int k = 0;
        List<Operand<T>> ghosts = new ArrayList<>();
        List<Operand<T>> inLayer = new ArrayList<>();
        List<Operand<T>> materialised = new ArrayList<>();
        List<Operand<T>> perSequenceGradients = new ArrayList<>();
        // q, k and v read the same input: its products A·Aᵀ are built once per input.
        Map<Operand<T>, List<Operand<T>>> inputProducts = new IdentityHashMap<>();
        for (GramTape.Linear<T> l : tape.linears()) {
            Operand<T> delta = tf.reshape(deltas.get(k++), shape3(-1));
            Operand<T> input = tf.reshape(l.input(), shape3(-1));
            List<Operand<T>> products = inputProducts.computeIfAbsent(l.input(), x -> outerProducts(input, full));
            ghosts.add(ghost(products, outerProducts(delta, full), full));
            Operand<T> perSequence = tf.train.batchMatMul(input, delta, type, BatchMatMul.adjX(true));
            perSequenceGradients.add(perSequence);
            inLayer.add(gramOf(tf.reshape(perSequence, rowsBy(-1)), full));
            materialised.add(tf.sum(delta, tf.constant(1)));
        }
        for (GramTape.Norm<T> n : tape.norms()) {
            Operand<T> delta = tf.reshape(deltas.get(k++), shape3(-1));
            Operand<T> normalised = tf.reshape(n.normalised(), shape3(-1));
            materialised.add(tf.sum(tf.math.mul(delta, normalised), tf.constant(1)));
            materialised.add(tf.sum(delta, tf.constant(1)));
        }
        Operand<T> embeddingDelta = deltas.get(k);
        materialised.add(tf.reshape(embeddingDelta, rowsBy(-1)));
        Operand<T> base = tf.math.add(tokenEquality(embeddingDelta, full),
                gramOf(tf.concat(materialised, tf.constant(1)), full));
        return new GramOps<>(base, ghosts, inLayer, full ? null : buildSlopes(deltas, perSequenceGradients));
    }

    /**
     * Each sequence's slope along the direction placeholders from the output gradients
     * {@code deltas} (linear layers, then LayerNorms, then the embedding sum, as {@link #buildGram}
     * takes them). A layer whose output is linear in its parameters, evaluated with the direction in
     * place of its parameters, gives its output's change along the direction; contracted with the
     * output's gradient and summed over positions, that is the layer's share of the
     * Jacobian-vector product. A linear layer's weight share is also {@code ⟨A_iᵀΔ_i, D_W⟩} from the
     * per-sequence gradients {@code perSequence} of the materialised form, far cheaper when a run
     * computes them anyway.
     */
    private Slopes<T> buildSlopes(List<Operand<T>> deltas, List<Operand<T>> perSequence) {
        Operand<TInt32> features = tf.constant(1);
        List<Operand<T>> ghost = new ArrayList<>();
        List<Operand<T>> materialised = new ArrayList<>();
        int k = 0;
        for (GramTape.Linear<T> l : tape.linears()) {
            Operand<T> delta = deltas.get(k);
            Operand<T> change = tf.math.add(tf.linalg.matMul(l.input(), lm.direction(l.weight())),
                    lm.direction(l.bias()));
            ghost.add(perSequence(tf.sum(tf.math.mul(change, delta), features)));
            Operand<T> biasShare = tf.sum(tf.math.mul(tf.sum(tf.reshape(delta, shape3(-1)), features),
                    lm.direction(l.bias())), features);
            // A matrix-vector product reads the per-sequence gradients once and writes nothing large.
            Operand<T> weightShare = tf.reshape(tf.linalg.matMul(tf.reshape(perSequence.get(k), rowsBy(-1)),
                    tf.reshape(lm.direction(l.weight()), tf.constant(new int[]{-1, 1}))), tf.constant(new int[]{-1}));
            materialised.add(tf.math.add(weightShare, biasShare));
            k++;
        }
        Operand<T> embeddingChange = tape.embeddingAlongDirection();
        Operand<T> embeddingDelta = deltas.get(k + tape.norms().size());
        Operand<T> base = tf.sum(tf.math.mul(embeddingChange, embeddingDelta), tf.constant(new int[]{1, 2}));
        for (GramTape.Norm<T> n : tape.norms()) {
            Operand<T> change = tf.math.add(tf.math.mul(n.normalised(), lm.direction(n.prefix() + "gain")),
                    lm.direction(n.prefix() + "bias"));
            base = tf.math.add(base, perSequence(tf.sum(tf.math.mul(change, deltas.get(k++)), features)));
        }
        return new Slopes<>(base, ghost, materialised);
    }

    /** Sums per-position values ({@code [N·T]}) over each sequence's positions: {@code [N]}. */
    private Operand<T> perSequence(Operand<T> perPosition) {
        return tf.sum(tf.reshape(perPosition, lm.batchShape()), tf.constant(1));
    }

    /** {@code [N, T, last]} as a shape operand. */
    private Operand<TInt32> shape3(int last) {
        return tf.concat(List.of(lm.batchShape(), tf.constant(new int[]{last})), tf.constant(0));
    }

    /** {@code [N, last]} as a shape operand. */
    private Operand<TInt32> rowsBy(int last) {
        Operand<TInt32> rows = tf.slice(lm.batchShape(), tf.constant(new int[]{0}), tf.constant(new int[]{1}));
        return tf.concat(List.of(rows, tf.constant(new int[]{last})), tf.constant(0));
    }

    /**
     * The Gram term of per-sequence feature rows {@code F} ({@code [N, k]}): {@code F·Fᵀ} for the full
     * form; for the pair form the [N + B] vector of N squared norms then B pair products.
     */
    private Operand<T> gramOf(Operand<T> features, boolean full) {
        if (full) {
            return tf.linalg.matMul(features, features, MatMul.transposeB(true));
        }
        List<Operand<T>> fh = lm.halves(features);
        return tf.concat(List.of(rowDots(features, features), rowDots(fh.get(0), fh.get(1))), tf.constant(0));
    }

    /**
     * The dot product of each row of {@code x} with the same row of {@code y} ({@code [N, k]} each):
     * N batched 1×k by k×1 products, which read the rows once and write no k-sized temporary.
     */
    private Operand<T> rowDots(Operand<T> x, Operand<T> y) {
        Operand<T> x3 = tf.expandDims(x, tf.constant(1));
        Operand<T> y3 = tf.expandDims(y, tf.constant(1));
        return tf.reshape(tf.train.batchMatMul(x3, y3, type, BatchMatMul.adjY(true)), tf.constant(new int[]{-1}));
    }

    /**
     * The position-by-position inner products of a per-sequence activation {@code x} ({@code [N, T, d]}):
     * for the full form one {@code (N·T)×(N·T)} matrix; for the pair form each sequence with itself
     * ({@code [N, T, T]}) and each chosen sequence with its rejected partner ({@code [B, T, T]}).
     */
    private List<Operand<T>> outerProducts(Operand<T> x, boolean full) {
        if (full) {
            Operand<T> x2 = flatRows(x);
            return List.of(tf.linalg.matMul(x2, x2, MatMul.transposeB(true)));
        }
        List<Operand<T>> xh = lm.halves(x);
        return List.of(tf.train.batchMatMul(x, x, type, BatchMatMul.adjY(true)),
                tf.train.batchMatMul(xh.get(0), xh.get(1), type, BatchMatMul.adjY(true)));
    }

    /**
     * One linear layer's ghost term {@code sum((A_i A_jᵀ) ⊙ (Δ_i Δ_jᵀ))} from the outer products of its
     * inputs and output gradients, in the form of {@link #gramOf}.
     */
    private Operand<T> ghost(List<Operand<T>> inputs, List<Operand<T>> deltas, boolean full) {
        if (full) {
            return blockSums(tf.math.mul(inputs.get(0), deltas.get(0)));
        }
        Operand<TInt32> positionAxes = tf.constant(new int[]{1, 2});
        Operand<T> self = tf.sum(tf.math.mul(inputs.get(0), deltas.get(0)), positionAxes);
        Operand<T> cross = tf.sum(tf.math.mul(inputs.get(1), deltas.get(1)), positionAxes);
        return tf.concat(List.of(self, cross), tf.constant(0));
    }

    /** The token-embedding term: Σ_{t,s} 1[x_t = x'_s] δ_t·δ'_s. */
    private Operand<T> tokenEquality(Operand<T> delta, boolean full) {
        Operand<TInt32> inputs = lm.inputs();
        if (full) {
            Operand<TInt32> ids = tf.reshape(inputs, tf.constant(new int[]{-1}));
            Operand<T> same = tf.dtypes.cast(tf.math.equal(tf.expandDims(ids, tf.constant(1)),
                    tf.expandDims(ids, tf.constant(0))), type);
            Operand<T> d2 = flatRows(delta);
            return blockSums(tf.math.mul(same, tf.linalg.matMul(d2, d2, MatMul.transposeB(true))));
        }
        Operand<T> self = tf.sum(tf.math.mul(equality(inputs, inputs),
                tf.train.batchMatMul(delta, delta, type, BatchMatMul.adjY(true))), tf.constant(new int[]{1, 2}));
        List<Operand<TInt32>> ih = lm.halves(inputs);
        List<Operand<T>> dh = lm.halves(delta);
        Operand<T> cross = tf.sum(tf.math.mul(equality(ih.get(0), ih.get(1)),
                tf.train.batchMatMul(dh.get(0), dh.get(1), type, BatchMatMul.adjY(true))), tf.constant(new int[]{1, 2}));
        return tf.concat(List.of(self, cross), tf.constant(0));
    }

    private Operand<T> equality(Operand<TInt32> a, Operand<TInt32> b) {
        return tf.dtypes.cast(tf.math.equal(tf.expandDims(a, tf.constant(2)), tf.expandDims(b, tf.constant(1))), type);
    }

    private Operand<T> flatRows(Operand<T> x3) {
        Operand<TInt32> last = tf.slice(tf.shape(x3), tf.constant(new int[]{2}), tf.constant(new int[]{1}));
        return tf.reshape(x3, tf.concat(List.of(tf.constant(new int[]{-1}), last), tf.constant(0)));
    }

    /** Sums an (N·T)×(N·T) matrix over its T×T blocks, giving N×N. */
    private Operand<T> blockSums(Operand<T> products) {
        Operand<TInt32> blocks = tf.concat(List.of(lm.batchShape(), lm.batchShape()), tf.constant(0));
        return tf.sum(tf.reshape(products, blocks), tf.constant(new int[]{1, 3}));
    }
}
