package dev.gramian.runtime.tensorflow.lm;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Gram algebra of docs/science.md §4 as graph ops: inner products of per-sequence gradients,
 * and each sequence's slope along a direction, from one backward pass of {@code Σ_i Σ_j u_ij·logp_ij}
 * (the fed token weights u: ones for summed log-probabilities, LD-DPO's weights for its sums) to the
 * outputs a network recorded on its {@link GramTape}, whatever the architecture. Per linear layer
 * (on the batch's positions or, for an output head, on the scored positions) the weight term exists in two
 * forms — ghost products {@code sum((A_i A_jᵀ) ⊙ (Δ_i Δ_jᵀ))}, cheaper for short sequences, and
 * in-layer per-sequence gradients {@code A_iᵀΔ_i}, cheaper at T = 128, width 256, where ghost products
 * cost 1.5× more multiply-adds and run slower per multiply-add — and each run fetches the cheaper
 * ({@link #ghostLayers}). Small parameters (norms, biases) and the embeddings are summed into one
 * base term, with the cross terms of an output head tied to the token embedding. The tape must
 * cover every parameter exactly once (a tied head's table twice); the constructor checks it. The
 * ops are added on first use and reused.
 */
final class GhostGram<T extends TFloating> {

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
    /** The linear layer whose weight is the token embedding table (a tied head), or null. */
    private final GramTape.Linear<T> tiedHead;
    private GramOps<T> pairGram;
    private GramOps<T> fullGram;

    GhostGram(LanguageModelGraph<T> lm, GramTape<T> tape) {
        this.lm = lm;
        this.tf = lm.tf();
        this.type = lm.type();
        this.tape = tape;
        this.tiedHead = checkCoverage();
    }

    /** Checks that the tape names every parameter once (a tied head's table twice); returns the tied head. */
    private GramTape.Linear<T> checkCoverage() {
        Map<String, Integer> seen = new LinkedHashMap<>();
        GramTape.Linear<T> tied = null;
        GramTape.Embedding<T> embedding = tape.embedding();
        for (GramTape.Linear<T> l : tape.linears()) {
            count(seen, l.weight());
            count(seen, l.bias());
            if (embedding != null && l.weight().equals(embedding.tokenTable())) {
                if (!l.scored() || !l.transposed() || tied != null) {
                    throw new IllegalStateException("the token table " + l.weight()
                            + " is shared with a layer other than one transposed output head");
                }
                tied = l;
            }
        }
        for (GramTape.Norm<T> n : tape.norms()) {
            count(seen, n.gain());
            count(seen, n.bias());
        }
        if (embedding != null) {
            count(seen, embedding.tokenTable());
            count(seen, embedding.positionTable());
        }
        if (tied != null) {
            seen.merge(tied.weight(), -1, Integer::sum);
        }
        List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        if (!twice.isEmpty() || !seen.keySet().equals(lm.parameterNames())) {
            Set<String> missing = new LinkedHashSet<>(lm.parameterNames());
            missing.removeAll(seen.keySet());
            Set<String> extra = new LinkedHashSet<>(seen.keySet());
            extra.removeAll(lm.parameterNames());
            throw new IllegalStateException("the network's Gram tape does not cover its parameters once: missing "
                    + missing + ", not parameters " + extra + ", recorded twice " + twice);
        }
        return tied;
    }

    private static void count(Map<String, Integer> seen, String name) {
        if (name != null) {
            seen.merge(name, 1, Integer::sum);
        }
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

    /**
     * Per linear layer, whether a run of {@code rows} sequences of {@code positions} positions, of
     * which at most {@code scoredPositions} are scored, takes its ghost form.
     */
    boolean[] ghostLayers(int rows, int positions, int scoredPositions, boolean full, LinearTerm policy) {
        List<GramTape.Linear<T>> linears = tape.linears();
        boolean[] ghost = new boolean[linears.size()];
        for (int i = 0; i < ghost.length; i++) {
            GramTape.Linear<T> l = linears.get(i);
            ghost[i] = switch (policy) {
                case GHOST -> true;
                case MATERIALISED -> false;
                case CHEAPER -> ghostIsCheaper(l, rows, l.scored() ? scoredPositions : positions, full);
            };
        }
        return ghost;
    }

    /** Multiply-add counts of the two forms for N sequences of T rows (docs/science.md §4). */
    private static boolean ghostIsCheaper(GramTape.Linear<?> l, int n, int t, boolean full) {
        double inOut = (double) l.in() * l.out();
        double ghost = full ? Math.pow((double) n * t, 2) * (l.in() + l.out()) : 1.5 * n * t * t * (l.in() + l.out());
        double materialised = (double) n * t * inOut / MATERIALISED_SPEEDUP + (full ? (double) n * n : 1.5 * n) * inOut;
        return ghost < materialised;
    }

    /** The {@code [N, rows]} shape of a linear layer's rows. */
    private Operand<TInt32> rowShape(GramTape.Linear<T> l) {
        return l.scored() ? lm.scoredShape() : lm.batchShape();
    }

    private GramOps<T> buildGram(boolean full) {
        GramTape.Embedding<T> embedding = tape.embedding();
        List<Operand<T>> targets = new ArrayList<>();
        tape.linears().forEach(l -> targets.add(l.output()));
        tape.norms().forEach(n -> targets.add(n.output()));
        if (embedding != null) {
            targets.add(embedding.sum());
        }
        List<Operand<T>> deltas = lm.gradients(lm.tokenLogp(), lm.tokenWeights(), targets);
        int k = 0;
        List<Operand<T>> ghosts = new ArrayList<>();
        List<Operand<T>> inLayer = new ArrayList<>();
        List<Operand<T>> materialised = new ArrayList<>();
        List<Operand<T>> perSequenceGradients = new ArrayList<>();
        // q, k and v read the same input: its products A·Aᵀ are built once per input.
        Map<Operand<T>, List<Operand<T>>> inputProducts = new IdentityHashMap<>();
        Operand<T> tiedDelta = null;
        Operand<T> tiedInput = null;
        for (GramTape.Linear<T> l : tape.linears()) {
            Operand<TInt32> rows = rowShape(l);
            Operand<T> delta = tf.reshape(deltas.get(k++), shape3(rows, -1));
            Operand<T> input = tf.reshape(l.input(), shape3(rows, -1));
            List<Operand<T>> products = inputProducts.computeIfAbsent(l.input(), x -> outerProducts(input, full));
            ghosts.add(ghost(products, outerProducts(delta, full), rows, full));
            Operand<T> perSequence = tf.train.batchMatMul(input, delta, type, BatchMatMul.adjX(true));
            perSequenceGradients.add(perSequence);
            inLayer.add(gramOf(tf.reshape(perSequence, rowsBy(-1)), full));
            if (l.bias() != null) {
                materialised.add(tf.sum(delta, tf.constant(1)));
            }
            if (l == tiedHead) {
                tiedDelta = delta;
                tiedInput = input;
            }
        }
        for (GramTape.Norm<T> n : tape.norms()) {
            Operand<T> delta = tf.reshape(deltas.get(k++), shape3(lm.batchShape(), -1));
            Operand<T> normalised = tf.reshape(n.normalised(), shape3(lm.batchShape(), -1));
            materialised.add(tf.sum(tf.math.mul(delta, normalised), tf.constant(1)));
            if (n.bias() != null) {
                materialised.add(tf.sum(delta, tf.constant(1)));
            }
        }
        Operand<T> base = null;
        if (embedding != null) {
            Operand<T> embeddingDelta = deltas.get(k);
            if (embedding.positionTable() != null) {
                materialised.add(tf.reshape(embeddingDelta, rowsBy(-1)));
            }
            base = tokenEquality(embeddingDelta, full);
            if (tiedHead != null) {
                base = tf.math.add(base, tiedCross(tiedDelta, tiedInput, embeddingDelta, full));
            }
        }
        // No small parameters (an adapter's weights only): a zero feature keeps the base's shape.
        Operand<T> features = materialised.isEmpty() ? tf.zeros(rowsBy(1), type)
                : tf.concat(materialised, tf.constant(1));
        base = base == null ? gramOf(features, full) : tf.math.add(base, gramOf(features, full));
        return new GramOps<>(base, ghosts, inLayer, full ? null : buildSlopes(deltas, perSequenceGradients));
    }

    /**
     * Each sequence's slope along the direction placeholders from the output gradients
     * {@code deltas} (linear layers, then norms, then the embedding sum, as {@link #buildGram}
     * takes them). A layer whose output is linear in its parameters, evaluated with the direction in
     * place of its parameters, gives its output's change along the direction; contracted with the
     * output's gradient and summed over positions, that is the layer's share of the
     * Jacobian-vector product. A linear layer's weight share is also {@code ⟨A_iᵀΔ_i, D_W⟩} from the
     * per-sequence gradients {@code perSequence} of the materialised form, far cheaper when a run
     * computes them anyway. A tied table's two uses add up by linearity.
     */
    private Slopes<T> buildSlopes(List<Operand<T>> deltas, List<Operand<T>> perSequence) {
        Operand<TInt32> features = tf.constant(1);
        List<Operand<T>> ghost = new ArrayList<>();
        List<Operand<T>> materialised = new ArrayList<>();
        int k = 0;
        for (GramTape.Linear<T> l : tape.linears()) {
            Operand<TInt32> rows = rowShape(l);
            Operand<T> delta = deltas.get(k);
            Operand<T> direction = lm.direction(l.weight());
            Operand<T> change = tf.linalg.matMul(l.input(), direction, MatMul.transposeB(l.transposed()));
            if (l.bias() != null) {
                change = tf.math.add(change, lm.direction(l.bias()));
            }
            ghost.add(perSequence(tf.sum(tf.math.mul(change, delta), features), rows));
            Operand<T> inOut = l.transposed() ? tf.linalg.transpose(direction, tf.constant(new int[]{1, 0})) : direction;
            // A matrix-vector product reads the per-sequence gradients once and writes nothing large.
            Operand<T> share = tf.reshape(tf.linalg.matMul(tf.reshape(perSequence.get(k), rowsBy(-1)),
                    tf.reshape(inOut, tf.constant(new int[]{-1, 1}))), tf.constant(new int[]{-1}));
            if (l.bias() != null) {
                share = tf.math.add(share, tf.sum(tf.math.mul(tf.sum(tf.reshape(delta, shape3(rows, -1)), features),
                        lm.direction(l.bias())), features));
            }
            materialised.add(share);
            k++;
        }
        Operand<T> base = tf.zeros(tf.slice(lm.batchShape(), tf.constant(new int[]{0}), tf.constant(new int[]{1})),
                type);
        for (GramTape.Norm<T> n : tape.norms()) {
            Operand<T> change = tf.math.mul(n.normalised(), lm.direction(n.gain()));
            if (n.bias() != null) {
                change = tf.math.add(change, lm.direction(n.bias()));
            }
            base = tf.math.add(base, perSequence(tf.sum(tf.math.mul(change, deltas.get(k++)), features),
                    lm.batchShape()));
        }
        if (tape.embedding() != null) {
            Operand<T> embeddingChange = tape.embedding().along().get();
            base = tf.math.add(base, tf.sum(tf.math.mul(embeddingChange, deltas.get(k)), tf.constant(new int[]{1, 2})));
        }
        return new Slopes<>(base, ghost, materialised);
    }

    /** Sums per-row values ({@code [N·rows]}) over each sequence's rows: {@code [N]}. */
    private Operand<T> perSequence(Operand<T> perRow, Operand<TInt32> rows) {
        return tf.sum(tf.reshape(perRow, rows), tf.constant(1));
    }

    /** {@code [N, rows, last]} as a shape operand. */
    private Operand<TInt32> shape3(Operand<TInt32> rows, int last) {
        return tf.concat(List.of(rows, tf.constant(new int[]{last})), tf.constant(0));
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
     * The row-by-row inner products of a per-sequence activation {@code x} ({@code [N, R, d]}): for
     * the full form one {@code (N·R)×(N·R)} matrix; for the pair form each sequence with itself
     * ({@code [N, R, R]}) and each chosen sequence with its rejected partner ({@code [B, R, R]}).
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
     * inputs and output gradients, in the form of {@link #gramOf}; {@code rows} is the layer's {@code [N, R]}.
     */
    private Operand<T> ghost(List<Operand<T>> inputs, List<Operand<T>> deltas, Operand<TInt32> rows, boolean full) {
        if (full) {
            return blockSums(tf.math.mul(inputs.get(0), deltas.get(0)), rows, rows);
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
            return blockSums(tf.math.mul(same, tf.linalg.matMul(d2, d2, MatMul.transposeB(true))), lm.batchShape(),
                    lm.batchShape());
        }
        Operand<T> self = tf.sum(tf.math.mul(equality(inputs, inputs),
                tf.train.batchMatMul(delta, delta, type, BatchMatMul.adjY(true))), tf.constant(new int[]{1, 2}));
        List<Operand<TInt32>> ih = lm.halves(inputs);
        List<Operand<T>> dh = lm.halves(delta);
        Operand<T> cross = tf.sum(tf.math.mul(equality(ih.get(0), ih.get(1)),
                tf.train.batchMatMul(dh.get(0), dh.get(1), type, BatchMatMul.adjY(true))), tf.constant(new int[]{1, 2}));
        return tf.concat(List.of(self, cross), tf.constant(0));
    }

    /**
     * The cross terms of a tied table E: the head's per-sequence gradient {@code Σ_r Δ_r ⊗ a_r} and the
     * embedding's {@code Σ_t e_{x_t} ⊗ δ_t} meet in {@code C_mn = Σ_{s,t} Δ_{m,s}[x_{n,t}] (a_{m,s}·δ_{n,t})};
     * the Gram gains {@code C + Cᵀ}. {@code headDelta} {@code [N, S, V]}, {@code headInput}
     * {@code [N, S, d]}, {@code embeddingDelta} {@code [N, T, d]}.
     */
    private Operand<T> tiedCross(Operand<T> headDelta, Operand<T> headInput, Operand<T> embeddingDelta, boolean full) {
        Operand<TInt32> ids = lm.inputs();
        if (full) {
            Operand<T> flatDelta = tf.expandDims(flatRows(headDelta), tf.constant(0));
            Operand<TInt32> flatIds = tf.reshape(ids, tf.constant(new int[]{1, -1}));
            Operand<T> products = tf.linalg.matMul(flatRows(headInput), flatRows(embeddingDelta),
                    MatMul.transposeB(true));
            Operand<T> picked = tf.reshape(pickColumns(flatDelta, flatIds), tf.shape(products));
            Operand<T> c = blockSums(tf.math.mul(picked, products), lm.scoredShape(), lm.batchShape());
            return tf.math.add(c, tf.linalg.transpose(c, tf.constant(new int[]{1, 0})));
        }
        Operand<TInt32> axes = tf.constant(new int[]{1, 2});
        Operand<T> self = tf.math.mul(tf.sum(tf.math.mul(pickColumns(headDelta, ids),
                tf.train.batchMatMul(headInput, embeddingDelta, type, BatchMatMul.adjY(true))), axes), lm.constant(2));
        List<Operand<T>> d = lm.halves(headDelta);
        List<Operand<T>> a = lm.halves(headInput);
        List<Operand<T>> e = lm.halves(embeddingDelta);
        List<Operand<TInt32>> x = lm.halves(ids);
        Operand<T> rejectedHeadChosenTable = tf.sum(tf.math.mul(pickColumns(d.get(1), x.get(0)),
                tf.train.batchMatMul(a.get(1), e.get(0), type, BatchMatMul.adjY(true))), axes);
        Operand<T> chosenHeadRejectedTable = tf.sum(tf.math.mul(pickColumns(d.get(0), x.get(1)),
                tf.train.batchMatMul(a.get(0), e.get(1), type, BatchMatMul.adjY(true))), axes);
        return tf.concat(List.of(self, tf.math.add(rejectedHeadChosenTable, chosenHeadRejectedTable)), tf.constant(0));
    }

    /** {@code out[m, s, t] = values[m, s, ids[m, t]]} for {@code values [M, S, V]} and {@code ids [M, T]}. */
    private Operand<T> pickColumns(Operand<T> values, Operand<TInt32> ids) {
        Operand<TInt64> shape = tf.dtypes.cast(tf.shape(values), TInt64.class);
        Operand<TInt64> m = tf.gather(shape, tf.constant(0), tf.constant(0));
        Operand<TInt64> s = tf.gather(shape, tf.constant(1), tf.constant(0));
        Operand<TInt64> v = tf.gather(shape, tf.constant(2), tf.constant(0));
        Operand<TInt64> rowStarts = tf.math.mul(tf.range(tf.constant(0L), tf.math.mul(m, s), tf.constant(1L)), v);
        Operand<TInt64> index = tf.math.add(tf.reshape(rowStarts, tf.stack(List.of(m, s, tf.constant(1L)))),
                tf.expandDims(tf.dtypes.cast(ids, TInt64.class), tf.constant(1)));
        return tf.gather(tf.reshape(values, tf.constant(new int[]{-1})), index, tf.constant(0));
    }

    private Operand<T> equality(Operand<TInt32> a, Operand<TInt32> b) {
        return tf.dtypes.cast(tf.math.equal(tf.expandDims(a, tf.constant(2)), tf.expandDims(b, tf.constant(1))), type);
    }

    private Operand<T> flatRows(Operand<T> x3) {
        Operand<TInt32> last = tf.slice(tf.shape(x3), tf.constant(new int[]{2}), tf.constant(new int[]{1}));
        return tf.reshape(x3, tf.concat(List.of(tf.constant(new int[]{-1}), last), tf.constant(0)));
    }

    /**
     * Sums an (N·R)×(N·R') matrix over its R×R' blocks, giving N×N; {@code rows} is {@code [N, R]},
     * {@code columns} {@code [N, R']}.
     */
    private Operand<T> blockSums(Operand<T> products, Operand<TInt32> rows, Operand<TInt32> columns) {
        Operand<TInt32> blocks = tf.concat(List.of(rows, columns), tf.constant(0));
        return tf.sum(tf.reshape(products, blocks), tf.constant(new int[]{1, 3}));
    }
}
