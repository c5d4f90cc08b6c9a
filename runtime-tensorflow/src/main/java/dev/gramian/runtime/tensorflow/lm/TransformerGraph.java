package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The causal Transformer as one graph over a dynamic batch {@code [N, T]}: pre-LayerNorm blocks
 * (multi-head causal attention, GELU MLP), learned positional embeddings, an untied output head,
 * and the masked response log-probabilities. Embeddings are one-hot products and the target
 * log-probability a one-hot contraction of LogSoftmax, so every op has a C++ gradient. Gradient
 * sub-graphs (weighted log-prob, per-loss preference, Gram) are added on first use and reused.
 *
 * <p>For the fast Gram path the graph remembers, per linear layer, its input and pre-activation
 * output (both {@code [N·T, ·]}); per LayerNorm, its normalised input and output; and the
 * embedding sum. One backward pass of {@code Σ_i logp_i} to those tensors gives what RESEARCH.md
 * §4 needs. A linear layer's weight term is available both as ghost products (cheaper for short
 * sequences) and from in-layer per-sequence gradients {@code A_iᵀΔ_i} (cheaper at T = 128, width
 * 256, where ghost products cost 1.5× more multiply-adds and run slower per multiply-add); each run
 * fetches the cheaper one for its batch shape.
 */
final class TransformerGraph<T extends TFloating> extends ModelGraph<T> {

    /**
     * A linear layer {@code z = a·W + b} as the Gram path sees it: its parameters' names, its input
     * a, output z and W's shape.
     */
    private record Linear<T extends TFloating>(String weight, String bias, Operand<T> input, Operand<T> output,
                                               int in, int out) {
    }

    /** A LayerNorm {@code y = x̂ ⊙ g + b}: its parameters' name prefix, normalised input x̂ and output y. */
    private record Norm<T extends TFloating>(String prefix, Operand<T> normalised, Operand<T> output) {
    }

    /**
     * Fetchable Gram terms of one form (pairs or full): the small parameters and the token
     * embedding together, and each linear layer's weight term computed both ways, of which each
     * run fetches the cheaper for its sequence length. For the pair form also each sequence's slope
     * along the fed direction ({@code [N]} each): the LayerNorms' and embeddings' part, and each
     * linear layer's part in the same two ways, sharing the products of the term the run fetches
     * (null for the full form).
     */
    private record GramOps<T extends TFloating>(Operand<T> base, List<Operand<T>> ghost,
                                                 List<Operand<T>> materialised, Slopes<T> slopes) {
    }

    /** The slope ops of the pair form; see {@link GramOps}. */
    private record Slopes<T extends TFloating>(Operand<T> base, List<Operand<T>> ghost,
                                                List<Operand<T>> materialised) {
    }

    /** The in-graph loss of one {@link MarginLoss}. */
    private record PreferenceOps<T extends TFloating>(Operand<T> loss, List<Operand<T>> gradients) {
    }

    private final LanguageModelConfig config;
    private final Placeholder<TInt32> inputs;
    private final Placeholder<TInt32> targets;
    private final Placeholder<T> mask;
    private final Placeholder<T> weights;
    private final Placeholder<T> referenceLogp;
    private final Placeholder<T> lengths;
    private final Operand<TInt32> batchShape;
    private final Operand<T> tokenLogp;
    private final Operand<T> sequenceLogp;
    private final Operand<T> embeddingSum;
    private final List<Linear<T>> linears = new ArrayList<>();
    private final List<Norm<T>> norms = new ArrayList<>();
    private List<Operand<T>> weightedGradients;
    private List<Operand<T>> tokenGradients;
    private final Placeholder<T> tokenWeights;
    private GramOps<T> pairGram;
    private GramOps<T> fullGram;
    private final Map<MarginLoss, PreferenceOps<T>> preference = new IdentityHashMap<>();

    TransformerGraph(LanguageModelConfig config, ParameterSet layout, SessionSettings settings) {
        super(settings);
        this.config = config;
        declareParameters(layout);
        inputs = tf.withName("inputs").placeholder(TInt32.class);
        targets = tf.withName("targets").placeholder(TInt32.class);
        mask = tf.withName("mask").placeholder(type);
        weights = tf.withName("weights").placeholder(type);
        referenceLogp = tf.withName("reference_logp").placeholder(type);
        lengths = tf.withName("lengths").placeholder(type);
        tokenWeights = tf.withName("token_weights").placeholder(type);
        batchShape = tf.shape(inputs);

        int d = config.width();
        int v = config.vocabularySize();
        embeddingSum = embed(parameter("embed/token"), parameter("embed/position"));
        Operand<T> h = tf.reshape(embeddingSum, tf.constant(new int[]{-1, d}));
        for (int l = 0; l < config.layers(); l++) {
            String p = "layer" + l + "/";
            h = tf.math.add(h, attention(p, layerNorm(p + "ln1/", h)));
            h = tf.math.add(h, mlp(p, layerNorm(p + "ln2/", h)));
        }
        Operand<T> logits = linear("head/w", "head/b", layerNorm("final/ln/", h));
        Operand<T> logSoftmax = tf.nn.logSoftmax(logits);
        Operand<TInt32> flatTargets = tf.reshape(targets, tf.constant(new int[]{-1}));
        Operand<T> picked = tf.sum(tf.math.mul(logSoftmax, oneHot(flatTargets, v)), tf.constant(1));
        tokenLogp = tf.math.mul(tf.reshape(picked, batchShape), mask);
        sequenceLogp = tf.sum(tokenLogp, tf.constant(1));
    }

    /** Token plus position embeddings of the inputs from the two tables, {@code [N, T, d]}. */
    private Operand<T> embed(Operand<T> tokenTable, Operand<T> positionTable) {
        Operand<TInt32> flatIds = tf.reshape(inputs, tf.constant(new int[]{-1}));
        Operand<T> tokenEmbedding = tf.linalg.matMul(oneHot(flatIds, config.vocabularySize()), tokenTable);
        Operand<TInt32> positions = tf.slice(batchShape, tf.constant(new int[]{1}), tf.constant(new int[]{1}));
        Operand<T> positionEmbedding = tf.slice(positionTable, tf.constant(new int[]{0, 0}),
                tf.concat(List.of(positions, tf.constant(new int[]{-1})), tf.constant(0)));
        return tf.math.add(tf.reshape(tokenEmbedding, shape3(config.width())), positionEmbedding);
    }

    private Operand<T> oneHot(Operand<TInt32> ids, int depth) {
        return tf.oneHot(ids, tf.constant(depth), constant(1), constant(0));
    }

    /** {@code [N, T, last]} as a shape operand. */
    private Operand<TInt32> shape3(int last) {
        return tf.concat(List.of(batchShape, tf.constant(new int[]{last})), tf.constant(0));
    }

    private Operand<T> linear(String weight, String bias, Operand<T> input) {
        Operand<T> output = tf.math.add(tf.linalg.matMul(input, parameter(weight)), parameter(bias));
        long[] shape = parameter(weight).shape().asArray();
        linears.add(new Linear<>(weight, bias, input, output, (int) shape[0], (int) shape[1]));
        return output;
    }

    private Operand<T> layerNorm(String prefix, Operand<T> x) {
        Operand<T> centred = tf.math.sub(x, tf.math.mean(x, tf.constant(1), Mean.keepDims(true)));
        Operand<T> variance = tf.math.mean(tf.math.mul(centred, centred), tf.constant(1), Mean.keepDims(true));
        Operand<T> normalised = tf.math.mul(centred, tf.math.rsqrt(tf.math.add(variance, constant(1e-5))));
        Operand<T> output = tf.math.add(tf.math.mul(normalised, parameter(prefix + "gain")), parameter(prefix + "bias"));
        norms.add(new Norm<>(prefix, normalised, output));
        return output;
    }

    private Operand<T> attention(String p, Operand<T> x) {
        int d = config.width();
        int heads = config.heads();
        int dh = d / heads;
        Operand<T> q = splitHeads(linear(p + "attn/wq", p + "attn/bq", x), heads, dh);
        Operand<T> k = splitHeads(linear(p + "attn/wk", p + "attn/bk", x), heads, dh);
        Operand<T> v = splitHeads(linear(p + "attn/wv", p + "attn/bv", x), heads, dh);
        Operand<T> scores = tf.math.mul(tf.train.batchMatMul(q, k, type, BatchMatMul.adjY(true)),
                constant(1 / Math.sqrt(dh)));
        Operand<TInt32> t = tf.slice(batchShape, tf.constant(new int[]{1}), tf.constant(new int[]{1}));
        Operand<T> ones = tf.ones(tf.concat(List.of(t, t), tf.constant(0)), type);
        Operand<T> causal = tf.linalg.bandPart(ones, tf.constant(-1), tf.constant(0));
        Operand<T> blocked = tf.math.mul(tf.math.sub(causal, constant(1)), constant(1e9));
        Operand<T> attended = tf.train.batchMatMul(tf.nn.softmax(tf.math.add(scores, blocked)), v, type);
        Operand<T> merged = tf.reshape(tf.linalg.transpose(attended, tf.constant(new int[]{0, 2, 1, 3})),
                tf.constant(new int[]{-1, d}));
        return linear(p + "attn/wo", p + "attn/bo", merged);
    }

    private Operand<T> splitHeads(Operand<T> x, int heads, int dh) {
        Operand<TInt32> shape = tf.concat(List.of(batchShape, tf.constant(new int[]{heads, dh})), tf.constant(0));
        return tf.linalg.transpose(tf.reshape(x, shape), tf.constant(new int[]{0, 2, 1, 3}));
    }

    private Operand<T> mlp(String p, Operand<T> x) {
        Operand<T> z = linear(p + "mlp/w1", p + "mlp/b1", x);
        // GELU, tanh form: 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))).
        Operand<T> cube = tf.math.mul(tf.math.mul(z, z), z);
        Operand<T> inner = tf.math.mul(tf.math.add(z, tf.math.mul(cube, constant(0.044715))),
                constant(Math.sqrt(2 / Math.PI)));
        Operand<T> gelu = tf.math.mul(tf.math.mul(z, constant(0.5)), tf.math.add(constant(1), tf.math.tanh(inner)));
        return linear(p + "mlp/w2", p + "mlp/b2", gelu);
    }

    // ---------------------------------------------------------------- runs

    /** What one run of the sequence log-probabilities returns. */
    record Scores(double[] sequenceLogp, double[] tokenLogp) {
    }

    private Session.Runner feedBatch(ParameterSet parameters, TokenBatch batch, List<Tensor> owned) {
        Session.Runner runner = runner(parameters, owned);
        Tensor in = intTensorOf(batch.shape(), batch.inputs());
        owned.add(in);
        Tensor out = intTensorOf(batch.shape(), batch.targets());
        owned.add(out);
        Tensor m = tensorOf(batch.shape(), batch.mask());
        owned.add(m);
        return runner.feed(inputs, in).feed(targets, out).feed(mask, m);
    }

    private Tensor feed(List<Tensor> owned, double[] values) {
        Tensor t = tensorOf(new int[]{values.length}, values);
        owned.add(t);
        return t;
    }

    Scores score(ParameterSet parameters, TokenBatch batch) {
        List<Tensor> owned = new ArrayList<>();
        try (Result r = feedBatch(parameters, batch, owned).fetch(sequenceLogp).fetch(tokenLogp).run()) {
            return new Scores(doubles(r.get(0)), doubles(r.get(1)));
        } finally {
            closeAll(owned);
        }
    }

    /** The gradient of {@code Σ_i w_i·logp_i} and the log-probabilities, in one forward and backward pass. */
    Scores weightedGradient(ParameterSet parameters, TokenBatch batch, double[] w, ParameterSet into) {
        if (weightedGradients == null) {
            weightedGradients = parameterGradients(sequenceLogp, weights);
        }
        List<Tensor> owned = new ArrayList<>();
        Session.Runner runner = feedBatch(parameters, batch, owned).feed(weights, feed(owned, w))
                .fetch(sequenceLogp).fetch(tokenLogp);
        weightedGradients.forEach(runner::fetch);
        try (Result r = runner.run()) {
            readGradients(r, 2, into);
            return new Scores(doubles(r.get(0)), doubles(r.get(1)));
        } finally {
            closeAll(owned);
        }
    }

    /** One sequence's gradient as float32/64 values flattened in layout order (the exact Gram path). */
    double[] flatGradient(ParameterSet parameters, TokenBatch single) {
        ParameterSet g = parameters.zerosLike();
        weightedGradient(parameters, single, new double[]{1}, g);
        double[] flat = new double[Math.toIntExact(g.size())];
        int offset = 0;
        for (ParameterSet.Parameter p : g.parameters()) {
            System.arraycopy(p.values(), 0, flat, offset, p.values().length);
            offset += p.values().length;
        }
        return flat;
    }

    /**
     * The gradient of one token's log-probability, flattened in layout order: row 0 of
     * {@code single}, position {@code position} (the token at {@code position + 1}).
     */
    double[] flatTokenGradient(ParameterSet parameters, TokenBatch single, int position) {
        if (tokenGradients == null) {
            tokenGradients = parameterGradients(tokenLogp, tokenWeights);
        }
        double[] seed = new double[single.rows() * single.positions()];
        seed[position] = 1;
        List<Tensor> owned = new ArrayList<>();
        Session.Runner runner = feedBatch(parameters, single, owned);
        Tensor seedTensor = tensorOf(single.shape(), seed);
        owned.add(seedTensor);
        runner.feed(tokenWeights, seedTensor);
        tokenGradients.forEach(runner::fetch);
        try (Result r = runner.run()) {
            double[] flat = new double[Math.toIntExact(parameters.size())];
            int offset = 0;
            for (int i = 0; i < tokenGradients.size(); i++) {
                double[] g = doubles(r.get(i));
                System.arraycopy(g, 0, flat, offset, g.length);
                offset += g.length;
            }
            return flat;
        } finally {
            closeAll(owned);
        }
    }

    /**
     * The gradient of {@code Σ seed ⊙ tokenLogp} over the batch (one backward pass), {@code seed}
     * laid out like the batch, rows × positions.
     */
    void tokenWeightedGradient(ParameterSet parameters, TokenBatch batch, double[] seed, ParameterSet into) {
        if (tokenGradients == null) {
            tokenGradients = parameterGradients(tokenLogp, tokenWeights);
        }
        List<Tensor> owned = new ArrayList<>();
        Session.Runner runner = feedBatch(parameters, batch, owned);
        Tensor seedTensor = tensorOf(batch.shape(), seed);
        owned.add(seedTensor);
        runner.feed(tokenWeights, seedTensor);
        tokenGradients.forEach(runner::fetch);
        try (Result r = runner.run()) {
            readGradients(r, 0, into);
        } finally {
            closeAll(owned);
        }
    }

    private static void readGradients(Result r, int first, ParameterSet into) {
        int i = first;
        for (ParameterSet.Parameter p : into.parameters()) {
            double[] g = doubles(r.get(i++));
            System.arraycopy(g, 0, p.values(), 0, g.length);
        }
    }

    /** What a preference run returns besides the gradient. */
    record PreferenceRun(double loss, double[] sequenceLogp) {
    }

    /**
     * The mean of {@code loss} over B pairs; {@code batch} holds the chosen sequences then the
     * rejected ones, {@code reference} and {@code counts} likewise (2B values each).
     */
    PreferenceRun preference(MarginLoss loss, ParameterSet parameters, TokenBatch batch, double[] reference,
                             double[] counts, ParameterSet into) {
        PreferenceOps<T> ops = preference.computeIfAbsent(loss, this::buildPreference);
        List<Tensor> owned = new ArrayList<>();
        Session.Runner runner = feedBatch(parameters, batch, owned)
                .feed(referenceLogp, feed(owned, reference)).feed(lengths, feed(owned, counts))
                .fetch(ops.loss()).fetch(sequenceLogp);
        ops.gradients().forEach(runner::fetch);
        try (Result r = runner.run()) {
            readGradients(r, 2, into);
            return new PreferenceRun(doubles(r.get(0))[0], doubles(r.get(1)));
        } finally {
            closeAll(owned);
        }
    }

    private PreferenceOps<T> buildPreference(MarginLoss loss) {
        List<Operand<T>> logp = halves(sequenceLogp);
        List<Operand<T>> ref = halves(referenceLogp);
        List<Operand<T>> len = halves(lengths);
        Operand<T> perPair = loss.loss(algebra, new PairTerms<>(logp.get(0), logp.get(1), ref.get(0), ref.get(1),
                len.get(0), len.get(1)));
        Operand<T> mean = tf.math.mean(perPair, tf.constant(0));
        return new PreferenceOps<>(mean, parameterGradients(mean, constant(1)));
    }

    /** Splits the leading axis (2B) into the first B and the last B rows. */
    private <U extends org.tensorflow.types.family.TType> List<Operand<U>> halves(Operand<U> x) {
        Operand<TInt32> rest = tf.slice(tf.shape(x), tf.constant(new int[]{1}), tf.constant(new int[]{-1}));
        Operand<U> split = tf.reshape(x, tf.concat(List.of(tf.constant(new int[]{2, -1}), rest), tf.constant(0)));
        var parts = tf.unstack(split, 2L);
        return List.of(parts.output().get(0), parts.output().get(1));
    }

    // ---------------------------------------------------------------- fast Gram

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
     * CPU throughput of the batched products behind a materialised term relative to a ghost term's,
     * measured here: {@code A_iᵀΔ_i} (contraction over positions) ran 1.5× faster per multiply-add
     * than {@code A_i A_iᵀ} (contraction over features) at the reference shape.
     */
    private static final double MATERIALISED_SPEEDUP = 1.5;

    /**
     * Gram entries of the per-sequence gradients from one batched backward pass: with
     * {@code full == false}, {@code [‖g_i‖² for i < 2B, ⟨g_i, g_{B+i}⟩ for i < B]}; with
     * {@code full}, the 2B×2B matrix row-major.
     */
    double[] fastGram(ParameterSet parameters, TokenBatch batch, boolean full, LinearTerm policy) {
        GramOps<T> ops = gramOps(full);
        boolean[] ghost = ghostLayers(batch, full, policy);
        List<Tensor> owned = new ArrayList<>();
        Session.Runner runner = feedBatch(parameters, batch, owned).feed(weights, feed(owned, ones(batch)));
        fetchSum(runner, ops.base(), ops.ghost(), ops.materialised(), ghost);
        try (Result r = runner.run()) {
            return sum(r, 0, linears.size() + 1);
        } finally {
            closeAll(owned);
        }
    }

    /** What a pair-form Gram run along a direction returns. */
    record DirectedRun(double[] entries, double[] sequenceLogp, double[] slope) {
    }

    /**
     * The pair-form Gram entries of {@link #fastGram}, each sequence's log-probability, and each
     * sequence's slope {@code ⟨∇θ logp_i, direction⟩}, all from the same forward and backward pass.
     * The slope is the Jacobian-vector product assembled layer by layer (see {@link #buildSlopes}).
     */
    DirectedRun fastGramAlong(ParameterSet parameters, TokenBatch batch, ParameterSet direction, LinearTerm policy) {
        GramOps<T> ops = gramOps(false);
        boolean[] ghost = ghostLayers(batch, false, policy);
        List<Tensor> owned = new ArrayList<>();
        Session.Runner runner = feedBatch(parameters, batch, owned).feed(weights, feed(owned, ones(batch)));
        feedDirection(runner, direction, owned);
        fetchSum(runner, ops.base(), ops.ghost(), ops.materialised(), ghost);
        fetchSum(runner, ops.slopes().base(), ops.slopes().ghost(), ops.slopes().materialised(), ghost);
        runner.fetch(sequenceLogp);
        int terms = linears.size() + 1;
        try (Result r = runner.run()) {
            return new DirectedRun(sum(r, 0, terms), doubles(r.get(2 * terms)), sum(r, terms, terms));
        } finally {
            closeAll(owned);
        }
    }

    private GramOps<T> gramOps(boolean full) {
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

    /** Per linear layer, whether the run takes its ghost form. */
    private boolean[] ghostLayers(TokenBatch batch, boolean full, LinearTerm policy) {
        boolean[] ghost = new boolean[linears.size()];
        for (int i = 0; i < ghost.length; i++) {
            ghost[i] = switch (policy) {
                case GHOST -> true;
                case MATERIALISED -> false;
                case CHEAPER -> ghostIsCheaper(linears.get(i), batch.rows(), batch.positions(), full);
            };
        }
        return ghost;
    }

    private static double[] ones(TokenBatch batch) {
        double[] ones = new double[batch.rows()];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }

    /** Fetches {@code base} and, per linear layer, its ghost or materialised op. */
    private static <T extends TFloating> void fetchSum(Session.Runner runner, Operand<T> base, List<Operand<T>> ghost,
                                                       List<Operand<T>> materialised, boolean[] ghostLayers) {
        runner.fetch(base);
        for (int i = 0; i < ghostLayers.length; i++) {
            runner.fetch(ghostLayers[i] ? ghost.get(i) : materialised.get(i));
        }
    }

    /** The element-wise sum of results {@code first .. first + count − 1}. */
    private static double[] sum(Result r, int first, int count) {
        double[] total = doubles(r.get(first));
        for (int i = first + 1; i < first + count; i++) {
            double[] term = doubles(r.get(i));
            for (int j = 0; j < total.length; j++) {
                total[j] += term[j];
            }
        }
        return total;
    }

    /** Multiply-add counts of the two forms for N sequences of T positions (RESEARCH.md §4). */
    private static boolean ghostIsCheaper(Linear<?> l, int n, int t, boolean full) {
        double inOut = (double) l.in() * l.out();
        double ghost = full ? Math.pow((double) n * t, 2) * (l.in() + l.out()) : 1.5 * n * t * t * (l.in() + l.out());
        double materialised = (double) n * t * inOut / MATERIALISED_SPEEDUP + (full ? (double) n * n : 1.5 * n) * inOut;
        return ghost < materialised;
    }

    private GramOps<T> buildGram(boolean full) {
        List<Operand<T>> targets = new ArrayList<>();
        linears.forEach(l -> targets.add(l.output()));
        norms.forEach(n -> targets.add(n.output()));
        targets.add(embeddingSum);
        List<Operand<T>> deltas = gradients(sequenceLogp, weights, targets);
        int k = 0;
        List<Operand<T>> ghosts = new ArrayList<>();
        List<Operand<T>> inLayer = new ArrayList<>();
        List<Operand<T>> materialised = new ArrayList<>();
        List<Operand<T>> perSequenceGradients = new ArrayList<>();
        // q, k and v read the same input: its products A·Aᵀ are built once per input.
        Map<Operand<T>, List<Operand<T>>> inputProducts = new IdentityHashMap<>();
        for (Linear<T> l : linears) {
            Operand<T> delta = tf.reshape(deltas.get(k++), shape3(-1));
            Operand<T> input = tf.reshape(l.input(), shape3(-1));
            List<Operand<T>> products = inputProducts.computeIfAbsent(l.input(), x -> outerProducts(input, full));
            ghosts.add(ghost(products, outerProducts(delta, full), full));
            Operand<T> perSequence = tf.train.batchMatMul(input, delta, type, BatchMatMul.adjX(true));
            perSequenceGradients.add(perSequence);
            inLayer.add(gramOf(tf.reshape(perSequence, rowsBy(-1)), full));
            materialised.add(tf.sum(delta, tf.constant(1)));
        }
        for (Norm<T> n : norms) {
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
        for (Linear<T> l : linears) {
            Operand<T> delta = deltas.get(k);
            Operand<T> change = tf.math.add(tf.linalg.matMul(l.input(), direction(l.weight())), direction(l.bias()));
            ghost.add(perSequence(tf.sum(tf.math.mul(change, delta), features)));
            Operand<T> biasShare = tf.sum(tf.math.mul(tf.sum(tf.reshape(delta, shape3(-1)), features),
                    direction(l.bias())), features);
            // A matrix-vector product reads the per-sequence gradients once and writes nothing large.
            Operand<T> weightShare = tf.reshape(tf.linalg.matMul(tf.reshape(perSequence.get(k), rowsBy(-1)),
                    tf.reshape(direction(l.weight()), tf.constant(new int[]{-1, 1}))), tf.constant(new int[]{-1}));
            materialised.add(tf.math.add(weightShare, biasShare));
            k++;
        }
        Operand<T> embeddingChange = embed(direction("embed/token"), direction("embed/position"));
        Operand<T> embeddingDelta = deltas.get(k + norms.size());
        Operand<T> base = tf.sum(tf.math.mul(embeddingChange, embeddingDelta), tf.constant(new int[]{1, 2}));
        for (Norm<T> n : norms) {
            Operand<T> change = tf.math.add(tf.math.mul(n.normalised(), direction(n.prefix() + "gain")),
                    direction(n.prefix() + "bias"));
            base = tf.math.add(base, perSequence(tf.sum(tf.math.mul(change, deltas.get(k++)), features)));
        }
        return new Slopes<>(base, ghost, materialised);
    }

    /** Sums per-position values ({@code [N·T]}) over each sequence's positions: {@code [N]}. */
    private Operand<T> perSequence(Operand<T> perPosition) {
        return tf.sum(tf.reshape(perPosition, batchShape), tf.constant(1));
    }

    /** {@code [N, last]} as a shape operand. */
    private Operand<TInt32> rowsBy(int last) {
        Operand<TInt32> rows = tf.slice(batchShape, tf.constant(new int[]{0}), tf.constant(new int[]{1}));
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
        List<Operand<T>> fh = halves(features);
        return tf.concat(List.of(rowDots(features, features), rowDots(fh.get(0), fh.get(1))), tf.constant(0));
    }

    /**
     * The dot product of each row of {@code x} with the same row of {@code y} ({@code [N, k]} each):
     * N batched 1×k by k×1 products, which read the rows once and write no k-sized temporary.
     */
    private Operand<T> rowDots(Operand<T> x, Operand<T> y) {
        Operand<TInt32> rows = tf.constant(new int[]{-1, 1});
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
        List<Operand<T>> xh = halves(x);
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
        if (full) {
            Operand<TInt32> ids = tf.reshape(inputs, tf.constant(new int[]{-1}));
            Operand<T> same = tf.dtypes.cast(tf.math.equal(tf.expandDims(ids, tf.constant(1)),
                    tf.expandDims(ids, tf.constant(0))), type);
            Operand<T> d2 = flatRows(delta);
            return blockSums(tf.math.mul(same, tf.linalg.matMul(d2, d2, MatMul.transposeB(true))));
        }
        Operand<T> self = tf.sum(tf.math.mul(equality(inputs, inputs),
                tf.train.batchMatMul(delta, delta, type, BatchMatMul.adjY(true))), tf.constant(new int[]{1, 2}));
        List<Operand<TInt32>> ih = halves(inputs);
        List<Operand<T>> dh = halves(delta);
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
        Operand<TInt32> blocks = tf.concat(List.of(batchShape, batchShape), tf.constant(0));
        return tf.sum(tf.reshape(products, blocks), tf.constant(new int[]{1, 3}));
    }
}
