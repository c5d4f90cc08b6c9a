package dev.gramian.runtime.tensorflow.pretrained;

import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import dev.gramian.runtime.tensorflow.graph.SessionRun;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pre-trained decoder (GPT-2 or the Llama family) as one graph over a dynamic batch
 * {@code [N, T]}, built from a {@link DecoderSpec}. Embeddings are gathers (GatherV2, which has a
 * gradient), and the output head runs only on the R scored positions, gathered from the final
 * hidden states, so the R×V logits are the only vocabulary-sized tensors. Weights are fed: the
 * trainable ones from the live {@link ParameterSet} on every run, frozen ones (a LoRA adapter's
 * base) from tensors made once. Gradient sub-graphs are added on first use and reused.
 *
 * <p>With an adapter, each targeted linear module adds {@code scale · B·A·dropout(x)}; the scale
 * is fed, so feeding 0 evaluates the base model in the same graph (the frozen reference) without
 * a second copy of its weights.
 */
final class DecoderGraph<T extends TFloating> extends ModelGraph<T> {

    private final DecoderSpec spec;
    private final LoraSpec lora;
    private final Map<String, Placeholder<T>> frozenInputs = new LinkedHashMap<>();
    private final Map<String, Tensor> frozenValues = new LinkedHashMap<>();
    private final java.util.Set<String> trainable;
    private final Placeholder<TInt32> inputs;
    private final Placeholder<TInt32> scoredRows;
    private final Placeholder<TInt64> picked;
    private final Placeholder<T> owner;
    private final Placeholder<T> weights;
    private final Placeholder<T> tokenWeights;
    private final Placeholder<T> referenceLogp;
    private final Placeholder<T> lengths;
    private final Placeholder<T> adapterScale;
    private final Placeholder<T> dropoutRate;
    private final Placeholder<TInt64> dropoutSeed;
    private final Operand<TInt32> batchShape;
    private final Operand<T> tokenLogp;
    private final Operand<T> sequenceLogp;
    private final Operand<T> logits;
    private final Operand<T> logSoftmax;
    private List<Operand<T>> statistics;
    private List<Operand<T>> weightedGradients;
    private List<Operand<T>> tokenGradients;
    private final Map<MarginLoss, MeanPairLoss<T>> preference = new IdentityHashMap<>();
    private int dropoutSites;

    /**
     * @param trainable the parameters fed on every run and differentiated
     * @param frozen    weights fed from tensors made once (the base under an adapter), or an empty set
     * @param lora      the adapter whose {@code lora_A}/{@code lora_B} weights are in {@code trainable}, or null
     */
    DecoderGraph(DecoderSpec spec, ParameterSet trainable, ParameterSet frozen, LoraSpec lora, SessionSettings settings) {
        super(settings);
        this.spec = spec;
        this.lora = lora;
        this.trainable = new java.util.HashSet<>(trainable.names());
        declareParameters(trainable);
        for (ParameterSet.Parameter p : frozen.parameters()) {
            frozenInputs.put(p.name(), tf.withName("frozen_" + p.name().replaceAll("[^A-Za-z0-9_.\\-]", "_"))
                    .placeholder(type, Placeholder.shape(shape(p.shape()))));
            frozenValues.put(p.name(), tensorOf(p.shape(), p.values()));
        }
        inputs = tf.withName("inputs").placeholder(TInt32.class);
        scoredRows = tf.withName("scored_rows").placeholder(TInt32.class);
        picked = tf.withName("picked").placeholder(TInt64.class);
        owner = tf.withName("owner").placeholder(type);
        weights = tf.withName("weights").placeholder(type);
        tokenWeights = tf.withName("token_weights").placeholder(type);
        referenceLogp = tf.withName("reference_logp").placeholder(type);
        lengths = tf.withName("lengths").placeholder(type);
        adapterScale = tf.withName("adapter_scale").placeholder(type, Placeholder.shape(Shape.scalar()));
        dropoutRate = tf.withName("dropout_rate").placeholder(type, Placeholder.shape(Shape.scalar()));
        dropoutSeed = tf.withName("dropout_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
        batchShape = tf.shape(inputs);

        Operand<T> hidden = spec.family() == DecoderSpec.Family.GPT2 ? gpt2() : llama();
        Operand<T> head = weight(spec.tiedHead() ? spec.tokenEmbeddingName() : "lm_head.weight");
        Operand<T> scoredHidden = tf.gather(hidden, scoredRows, tf.constant(0));
        logits = tf.linalg.matMul(scoredHidden, head, MatMul.transposeB(true));
        logSoftmax = tf.nn.logSoftmax(logits);
        tokenLogp = tf.gather(tf.reshape(logSoftmax, tf.constant(new int[]{-1})), picked, tf.constant(0));
        sequenceLogp = tf.reshape(tf.linalg.matMul(owner, tf.reshape(tokenLogp, tf.constant(new int[]{-1, 1}))),
                tf.constant(new int[]{-1}));
    }

    // ---------------------------------------------------------------- architecture

    private Operand<T> weight(String name) {
        if (trainable.contains(name)) {
            return parameter(name);
        }
        Placeholder<T> p = frozenInputs.get(name);
        if (p == null) {
            throw new IllegalStateException("no weight '" + name + "'");
        }
        return p;
    }

    private Operand<T> gpt2() {
        int d = spec.width();
        Operand<TInt32> flatIds = tf.reshape(inputs, tf.constant(new int[]{-1}));
        Operand<T> tokens = tf.reshape(tf.gather(weight("transformer.wte.weight"), flatIds, tf.constant(0)), dims(n(), t(), d));
        Operand<T> positions = tf.slice(weight("transformer.wpe.weight"), tf.constant(new int[]{0, 0}), dims(t(), -1));
        Operand<T> h = tf.reshape(tf.math.add(tokens, positions), tf.constant(new int[]{-1, d}));
        for (int l = 0; l < spec.layers(); l++) {
            String p = spec.blockPrefix(l);
            Operand<T> qkv = conv1d(p + "attn.c_attn", layerNorm(p + "ln_1", h));
            List<Operand<T>> parts = thirds(qkv, d);
            Operand<T> attended = attention(parts.get(0), parts.get(1), parts.get(2), null, null);
            h = tf.math.add(h, conv1d(p + "attn.c_proj", attended));
            Operand<T> z = conv1d(p + "mlp.c_fc", layerNorm(p + "ln_2", h));
            h = tf.math.add(h, conv1d(p + "mlp.c_proj", gelu(z)));
        }
        return layerNorm("transformer.ln_f", h);
    }

    private List<Operand<T>> thirds(Operand<T> x, int d) {
        List<Operand<T>> out = new ArrayList<>(3);
        for (int k = 0; k < 3; k++) {
            out.add(tf.slice(x, tf.constant(new int[]{0, k * d}), tf.constant(new int[]{-1, d})));
        }
        return out;
    }

    private Operand<T> llama() {
        int d = spec.width();
        Operand<TInt32> flatIds = tf.reshape(inputs, tf.constant(new int[]{-1}));
        Operand<T> h = tf.gather(weight("model.embed_tokens.weight"), flatIds, tf.constant(0));
        // cos/sin of position · inverse frequency, [T, headDim] in the halves layout, computed in the
        // graph's type as transformers computes them in float32.
        double[] frequencies = spec.ropeFrequencies();
        Operand<T> freq = tf.reshape(tf.dtypes.cast(tf.constant(toFloats(frequencies)), type), tf.constant(new int[]{1, -1}));
        Operand<T> positions = tf.reshape(tf.dtypes.cast(tf.range(tf.constant(0), tf.reshape(t(), tf.constant(new int[0])),
                tf.constant(1)), type), tf.constant(new int[]{-1, 1}));
        Operand<T> angles = tf.math.mul(positions, freq);
        Operand<T> both = tf.concat(List.of(angles, angles), tf.constant(1));
        Operand<T> cos = tf.math.cos(both);
        Operand<T> sin = tf.math.sin(both);
        for (int l = 0; l < spec.layers(); l++) {
            String p = spec.blockPrefix(l);
            Operand<T> x = rmsNorm(p + "input_layernorm", h);
            Operand<T> q = linear(p + "self_attn.q_proj", x, spec.qkvBias());
            Operand<T> k = linear(p + "self_attn.k_proj", x, spec.qkvBias());
            Operand<T> v = linear(p + "self_attn.v_proj", x, spec.qkvBias());
            h = tf.math.add(h, linear(p + "self_attn.o_proj", attention(q, k, v, cos, sin), spec.outputBias()));
            Operand<T> y = rmsNorm(p + "post_attention_layernorm", h);
            Operand<T> gate = linear(p + "mlp.gate_proj", y, spec.mlpBias());
            Operand<T> up = linear(p + "mlp.up_proj", y, spec.mlpBias());
            Operand<T> silu = tf.math.mul(gate, tf.math.sigmoid(gate));
            h = tf.math.add(h, linear(p + "mlp.down_proj", tf.math.mul(silu, up), spec.mlpBias()));
        }
        return rmsNorm("model.norm", h);
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /**
     * Causal attention of {@code [N·T, heads·hd]} queries over {@code [N·T, kvHeads·hd]} keys and
     * values, rotary positions applied when {@code cos} is given. Query head h reads key/value head
     * h / (heads / kvHeads): the queries of one group are stacked along the position axis, so no
     * key or value is copied.
     */
    private Operand<T> attention(Operand<T> q, Operand<T> k, Operand<T> v, Operand<T> cos, Operand<T> sin) {
        int heads = spec.heads();
        int kv = spec.keyValueHeads();
        int hd = spec.headDim();
        int group = heads / kv;
        Operand<T> qh = tf.linalg.transpose(tf.reshape(q, dims(n(), t(), heads, hd)), tf.constant(new int[]{0, 2, 1, 3}));
        Operand<T> kh = tf.linalg.transpose(tf.reshape(k, dims(n(), t(), kv, hd)), tf.constant(new int[]{0, 2, 1, 3}));
        Operand<T> vh = tf.linalg.transpose(tf.reshape(v, dims(n(), t(), kv, hd)), tf.constant(new int[]{0, 2, 1, 3}));
        if (cos != null) {
            qh = rotate(qh, cos, sin, hd);
            kh = rotate(kh, cos, sin, hd);
        }
        Operand<T> grouped = tf.reshape(qh, dims(n(), kv, tf.math.mul(t(), tf.constant(new int[]{group})), hd));
        Operand<T> scores = tf.math.mul(tf.train.batchMatMul(grouped, kh, type, BatchMatMul.adjY(true)),
                constant(1 / Math.sqrt(hd)));
        Operand<T> ones = tf.ones(tf.concat(List.of(t(), t()), tf.constant(0)), type);
        Operand<T> blocked = tf.math.mul(tf.math.sub(tf.linalg.bandPart(ones, tf.constant(-1), tf.constant(0)),
                constant(1)), constant(1e9));
        Operand<T> masked = tf.math.add(tf.reshape(scores, dims(n(), kv, group, t(), t())), blocked);
        Operand<T> probabilities = tf.reshape(tf.nn.softmax(masked), dims(n(), kv, tf.math.mul(t(),
                tf.constant(new int[]{group})), t()));
        Operand<T> attended = tf.reshape(tf.train.batchMatMul(probabilities, vh, type), dims(n(), heads, t(), hd));
        return tf.reshape(tf.linalg.transpose(attended, tf.constant(new int[]{0, 2, 1, 3})),
                tf.constant(new int[]{-1, heads * hd}));
    }

    /** {@code x·cos + rotate_half(x)·sin}, rotate_half([x1, x2]) = [−x2, x1] over the last axis. */
    private Operand<T> rotate(Operand<T> x, Operand<T> cos, Operand<T> sin, int hd) {
        int half = hd / 2;
        Operand<T> x1 = tf.slice(x, tf.constant(new int[]{0, 0, 0, 0}), tf.constant(new int[]{-1, -1, -1, half}));
        Operand<T> x2 = tf.slice(x, tf.constant(new int[]{0, 0, 0, half}), tf.constant(new int[]{-1, -1, -1, half}));
        Operand<T> rotated = tf.concat(List.of(tf.math.neg(x2), x1), tf.constant(3));
        return tf.math.add(tf.math.mul(x, cos), tf.math.mul(rotated, sin));
    }

    private Operand<T> layerNorm(String module, Operand<T> x) {
        Operand<T> centred = tf.math.sub(x, tf.math.mean(x, tf.constant(1), Mean.keepDims(true)));
        Operand<T> variance = tf.math.mean(tf.math.mul(centred, centred), tf.constant(1), Mean.keepDims(true));
        Operand<T> normalised = tf.math.mul(centred, tf.math.rsqrt(tf.math.add(variance, constant(spec.normEpsilon()))));
        return tf.math.add(tf.math.mul(normalised, weight(module + ".weight")), weight(module + ".bias"));
    }

    private Operand<T> rmsNorm(String module, Operand<T> x) {
        Operand<T> meanSquare = tf.math.mean(tf.math.mul(x, x), tf.constant(1), Mean.keepDims(true));
        Operand<T> normalised = tf.math.mul(x, tf.math.rsqrt(tf.math.add(meanSquare, constant(spec.normEpsilon()))));
        return tf.math.mul(normalised, weight(module + ".weight"));
    }

    /** GELU, tanh form ({@code gelu_new}). */
    private Operand<T> gelu(Operand<T> z) {
        Operand<T> cube = tf.math.mul(tf.math.mul(z, z), z);
        Operand<T> inner = tf.math.mul(tf.math.add(z, tf.math.mul(cube, constant(0.044715))),
                constant(Math.sqrt(2 / Math.PI)));
        return tf.math.mul(tf.math.mul(z, constant(0.5)), tf.math.add(constant(1), tf.math.tanh(inner)));
    }

    /** GPT-2's Conv1D: {@code x·W + b} with W stored {@code [in, out]}. */
    private Operand<T> conv1d(String module, Operand<T> x) {
        Operand<T> y = tf.math.add(tf.linalg.matMul(x, weight(module + ".weight")), weight(module + ".bias"));
        return adapt(module, x, y);
    }

    /** nn.Linear: {@code x·Wᵀ (+ b)} with W stored {@code [out, in]}. */
    private Operand<T> linear(String module, Operand<T> x, boolean bias) {
        Operand<T> y = tf.linalg.matMul(x, weight(module + ".weight"), MatMul.transposeB(true));
        if (bias) {
            y = tf.math.add(y, weight(module + ".bias"));
        }
        return adapt(module, x, y);
    }

    /** Adds the adapter's {@code scale · dropout(x)·Aᵀ·Bᵀ} when {@code module} is a LoRA target. */
    private Operand<T> adapt(String module, Operand<T> x, Operand<T> y) {
        if (lora == null || !lora.targetsFor(spec.family()).contains(module.substring(module.lastIndexOf('.') + 1))) {
            return y;
        }
        Operand<T> dropped = x;
        if (lora.dropout() > 0) {
            Operand<TInt64> seed = tf.math.add(dropoutSeed, tf.constant(new long[]{0, dropoutSites++}));
            Operand<T> uniform = tf.random.statelessRandomUniform(tf.shape(x), seed, type);
            Operand<T> keep = tf.dtypes.cast(tf.math.greaterEqual(uniform, dropoutRate), type);
            dropped = tf.math.div(tf.math.mul(x, keep), tf.math.sub(constant(1), dropoutRate));
        }
        Operand<T> down = tf.linalg.matMul(dropped, parameter(module + ".lora_A.weight"), MatMul.transposeB(true));
        Operand<T> up = tf.linalg.matMul(down, parameter(module + ".lora_B.weight"), MatMul.transposeB(true));
        return tf.math.add(y, tf.math.mul(up, adapterScale));
    }

    private Operand<TInt32> n() {
        return tf.slice(batchShape, tf.constant(new int[]{0}), tf.constant(new int[]{1}));
    }

    private Operand<TInt32> t() {
        return tf.slice(batchShape, tf.constant(new int[]{1}), tf.constant(new int[]{1}));
    }

    /** A shape operand from one-element int vectors and int constants. */
    @SuppressWarnings("unchecked")
    private Operand<TInt32> dims(Object... parts) {
        List<Operand<TInt32>> pieces = new ArrayList<>(parts.length);
        for (Object part : parts) {
            pieces.add(part instanceof Integer i ? tf.constant(new int[]{i}) : (Operand<TInt32>) part);
        }
        return tf.concat(pieces, tf.constant(0));
    }

    private static Shape shape(int[] dims) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i];
        }
        return Shape.of(out);
    }

    // ---------------------------------------------------------------- runs

    /** What one scoring run returns: per sequence, and per scored position in batch order. */
    record Scores(double[] sequenceLogp, double[] tokenLogp) {
    }

    /** How a run treats the adapter. */
    enum Adapter {
        /** The adapter at its scale, no dropout (scoring, probes). */
        ON,
        /** The adapter at its scale with its dropout (training steps). */
        TRAINING,
        /** Scale 0: the base model. */
        OFF
    }

    /**
     * The trainable parameters as tensors of the graph's type, made once per model call and fed to
     * each of its runs. Float32 tensors are written in chunks straight from the doubles, so no
     * float copy of a large weight passes through the heap.
     */
    static final class Feed implements AutoCloseable {
        private final Map<String, Tensor> tensors = new LinkedHashMap<>();

        @Override
        public void close() {
            tensors.values().forEach(Tensor::close);
            tensors.clear();
        }
    }

    /** The parameters' tensors for the runs of one model call; the caller closes them. */
    Feed feed(ParameterSet parameters) {
        Feed feed = new Feed();
        try {
            for (ParameterSet.Parameter p : parameters.parameters()) {
                feed.tensors.put(p.name(), type == TFloat32.class ? floatTensor(p.shape(), p.values())
                        : tensorOf(p.shape(), p.values()));
            }
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
        return feed;
    }

    private static final int CHUNK = 1 << 16;

    private static TFloat32 floatTensor(int[] shape, double[] values) {
        return TFloat32.tensorOf(shape(shape), t -> {
            FloatDataBuffer target = t.asRawTensor().data().asFloats();
            float[] chunk = new float[Math.min(CHUNK, values.length)];
            for (int start = 0; start < values.length; start += CHUNK) {
                int n = Math.min(CHUNK, values.length - start);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (float) values[start + i];
                }
                target.offset(start).write(chunk, 0, n);
            }
        });
    }

    /** A run with the call's parameter tensors and the frozen weights (neither owned by the run) and the batch fed. */
    private SessionRun feedBatch(Feed parameters, ScoredBatch batch, Adapter adapter, long seed) {
        SessionRun run = newRun();
        try {
            parameters.tensors.forEach((name, tensor) -> run.feedShared(parameter(name), tensor));
            frozenInputs.forEach((name, input) -> run.feedShared(input, frozenValues.get(name)));
            run.feedInts(inputs, new int[]{batch.rows(), batch.positions()}, batch.inputs())
                    .feedInts(scoredRows, new int[]{batch.scored()}, batch.scoredRows())
                    .feed(picked, TInt64.tensorOf(Shape.of(batch.scored()),
                            DataBuffers.of(batch.pickedIndices(spec.vocabularySize()), true, false)))
                    .feed(owner, new int[]{batch.rows(), batch.scored()}, batch.ownerMatrix());
            if (lora != null) {
                run.feed(adapterScale, new int[0], new double[]{adapter == Adapter.OFF ? 0 : lora.scale()});
                if (lora.dropout() > 0) {
                    run.feed(dropoutRate, new int[0], new double[]{adapter == Adapter.TRAINING ? lora.dropout() : 0})
                            .feed(dropoutSeed, TInt64.tensorOf(Shape.of(2),
                                    DataBuffers.of(new long[]{seed, 0}, true, false)));
                }
            }
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    Scores score(Feed parameters, ScoredBatch batch, Adapter adapter, long seed) {
        try (SessionRun run = feedBatch(parameters, batch, adapter, seed).fetch(sequenceLogp).fetch(tokenLogp);
             Result r = run.run()) {
            return new Scores(doubles(r.get(0)), doubles(r.get(1)));
        }
    }

    /**
     * Per sequence its log-probability and per scored position in batch order: the token's log-probability, the distribution's entropy,
     * its mean logit and {@code log Σ_v p_v²} (adapter on, no dropout).
     */
    record Statistics(double[] sequenceLogp, double[] tokenLogp, double[] entropy, double[] meanLogit, double[] logSumSquares) {
    }

    /** The next-token distributions' statistics at the scored positions, from one forward pass. */
    Statistics statistics(Feed parameters, ScoredBatch batch) {
        if (statistics == null) {
            Operand<TInt32> vocabularyAxis = tf.constant(1);
            // Σ_v p_v² >= 1/V², so its logarithm needs no shift even in float32
            statistics = List.of(tf.math.neg(tf.sum(tf.math.mul(tf.math.exp(logSoftmax), logSoftmax), vocabularyAxis)),
                    tf.math.mean(logits, vocabularyAxis),
                    tf.math.log(tf.sum(tf.math.exp(tf.math.mul(logSoftmax, constant(2))), vocabularyAxis)));
        }
        try (SessionRun run = feedBatch(parameters, batch, Adapter.ON, 0).fetch(sequenceLogp).fetch(tokenLogp)
                .fetchAll(statistics);
             Result r = run.run()) {
            return new Statistics(doubles(r.get(0)), doubles(r.get(1)), doubles(r.get(2)), doubles(r.get(3)),
                    doubles(r.get(4)));
        }
    }

    /** Adds the gradient of {@code Σ_i w_i·logp_i} to {@code into}; returns the log-probabilities. */
    Scores addWeightedGradient(Feed parameters, ScoredBatch batch, double[] w, Adapter adapter, long seed,
                               ParameterSet into) {
        if (weightedGradients == null) {
            weightedGradients = parameterGradients(sequenceLogp, weights);
        }
        try (SessionRun run = feedBatch(parameters, batch, adapter, seed).feed(weights, w)
                .fetch(sequenceLogp).fetch(tokenLogp).fetchAll(weightedGradients);
             Result r = run.run()) {
            addGradients(r, 2, into, 1);
            return new Scores(doubles(r.get(0)), doubles(r.get(1)));
        }
    }

    /** Adds the gradient of {@code Σ_r w_r·logp_r} over the scored positions (batch order) to {@code into}. */
    void addTokenWeightedGradient(Feed parameters, ScoredBatch batch, double[] w, ParameterSet into) {
        if (tokenGradients == null) {
            tokenGradients = parameterGradients(tokenLogp, tokenWeights);
        }
        try (SessionRun run = feedBatch(parameters, batch, Adapter.ON, 0).feed(tokenWeights, w)
                .fetchAll(tokenGradients);
             Result r = run.run()) {
            addGradients(r, 0, into, 1);
        }
    }

    /** What a preference run returns besides the gradient. */
    record PreferenceRun(double loss, double[] sequenceLogp) {
    }

    /**
     * The mean of {@code loss} over the batch's B pairs (chosen rows first, then rejected), whose
     * gradient times {@code share} is added to {@code into}.
     */
    PreferenceRun addPreference(MarginLoss loss, Feed parameters, ScoredBatch batch, double[] reference,
                                double[] counts, double share, long seed, ParameterSet into) {
        MeanPairLoss<T> ops = preference.computeIfAbsent(loss,
                l -> meanPairLoss(l, sequenceLogp, referenceLogp, lengths));
        try (SessionRun run = feedBatch(parameters, batch, Adapter.TRAINING, seed)
                .feed(referenceLogp, reference).feed(lengths, counts)
                .fetch(ops.loss()).fetch(sequenceLogp).fetchAll(ops.gradients());
             Result r = run.run()) {
            addGradients(r, 2, into, share);
            return new PreferenceRun(doubles(r.get(0))[0], doubles(r.get(1)));
        }
    }

    /** Adds {@code scale ×} results {@code first, first + 1, …} to {@code into}'s arrays, float32 in chunks. */
    private static void addGradients(Result r, int first, ParameterSet into, double scale) {
        int i = first;
        for (ParameterSet.Parameter p : into.parameters()) {
            Tensor t = r.get(i++);
            double[] target = p.values();
            if (t instanceof TFloat32 f) {
                FloatDataBuffer source = f.asRawTensor().data().asFloats();
                float[] chunk = new float[Math.min(CHUNK, target.length)];
                for (int start = 0; start < target.length; start += CHUNK) {
                    int n = Math.min(CHUNK, target.length - start);
                    source.offset(start).read(chunk, 0, n);
                    for (int j = 0; j < n; j++) {
                        target[start + j] += scale * chunk[j];
                    }
                }
            } else {
                double[] g = doubles(t);
                for (int j = 0; j < g.length; j++) {
                    target[j] += scale * g[j];
                }
            }
        }
    }

    @Override
    public void close() {
        frozenValues.values().forEach(Tensor::close);
        frozenValues.clear();
        super.close();
    }
}
