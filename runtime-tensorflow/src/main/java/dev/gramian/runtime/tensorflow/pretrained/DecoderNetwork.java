package dev.gramian.runtime.tensorflow.pretrained;

import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import dev.gramian.runtime.tensorflow.graph.SessionRun;
import dev.gramian.runtime.tensorflow.graph.TransformerBlocks;
import dev.gramian.runtime.tensorflow.lm.Architecture;
import dev.gramian.runtime.tensorflow.lm.Evaluation;
import dev.gramian.runtime.tensorflow.lm.GramTape;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pre-trained decoder (GPT-2 or the Llama family) as an {@link Architecture}, built from a
 * {@link DecoderSpec}. Embeddings are gathers (GatherV2, which has a gradient), and the output head
 * runs only on the scored rows, gathered from the final hidden states. Trainable weights are the
 * graph's parameters; frozen ones (a LoRA adapter's base) are fed from tensors made once. Every
 * trainable linear layer, norm and embedding is recorded on the {@link GramTape}, so the fast Gram
 * path covers these models as it covers the built-in Transformer.
 *
 * <p>With an adapter, each targeted linear module adds {@code scale · B·A·dropout(x)} — two more
 * linear layers on the tape; the scale is fed, so feeding 0 ({@link Evaluation#base()}) evaluates
 * the base model in the same graph (the frozen reference) without a second copy of its weights.
 */
final class DecoderNetwork implements Architecture {

    private final DecoderSpec spec;
    private final LoraSpec lora;
    private final ParameterSet frozen;
    private final Map<String, Tensor> frozenValues = new LinkedHashMap<>();
    private Built<?> built;

    /**
     * @param frozen weights fed from tensors made once (the base under an adapter), or an empty set
     * @param lora   the adapter whose {@code lora_A}/{@code lora_B} weights are parameters, or null
     */
    DecoderNetwork(DecoderSpec spec, ParameterSet frozen, LoraSpec lora) {
        this.spec = spec;
        this.frozen = frozen;
        this.lora = lora;
    }

    @Override
    public <T extends TFloating> Network<T> build(ModelGraph<T> graph, Inputs inputs) {
        Built<T> network = new Built<>(graph, inputs);
        this.built = network;
        return new Network<>(network.logits, network.tape);
    }

    @Override
    public void feed(SessionRun run, Evaluation evaluation) {
        built.feed(run, evaluation);
    }

    @Override
    public void close() {
        frozenValues.values().forEach(Tensor::close);
        frozenValues.clear();
    }

    /** The network built into one graph. */
    private final class Built<T extends TFloating> {
        private final ModelGraph<T> graph;
        private final Ops tf;
        private final Class<T> type;
        private final Map<String, Placeholder<T>> frozenInputs = new LinkedHashMap<>();
        private final Operand<TInt32> inputs;
        private final Operand<TInt32> batchShape;
        private final Placeholder<T> adapterScale;
        private final Placeholder<T> dropoutRate;
        private final Placeholder<TInt64> dropoutSeed;
        private final GramTape<T> tape = new GramTape<>();
        private final Operand<T> logits;
        private int dropoutSites;
        private final TransformerBlocks<T> blocks;

        Built(ModelGraph<T> graph, Inputs in) {
            this.graph = graph;
            this.blocks = new TransformerBlocks<>(graph);
            this.tf = graph.tf();
            this.type = graph.type();
            this.inputs = in.ids();
            this.batchShape = in.batchShape();
            for (ParameterSet.Parameter p : frozen.parameters()) {
                frozenInputs.put(p.name(), tf.withName("frozen_" + p.name().replaceAll("[^A-Za-z0-9_.\\-]", "_"))
                        .placeholder(type, Placeholder.shape(shape(p.shape()))));
                frozenValues.put(p.name(), graph.tensorOf(p.shape(), p.values()));
            }
            adapterScale = tf.withName("adapter_scale").placeholder(type, Placeholder.shape(Shape.scalar()));
            dropoutRate = tf.withName("dropout_rate").placeholder(type, Placeholder.shape(Shape.scalar()));
            dropoutSeed = tf.withName("dropout_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            Operand<T> hidden = spec.family() == DecoderSpec.Family.GPT2 ? gpt2() : llama();
            String headName = spec.tiedHead() ? spec.tokenEmbeddingName() : "lm_head.weight";
            Operand<T> scoredHidden = tf.gather(hidden, in.scoredRows(), tf.constant(0));
            logits = tf.linalg.matMul(scoredHidden, weight(headName), MatMul.transposeB(true));
            if (graph.hasParameter(headName)) {
                tape.linear(new GramTape.Linear<>(headName, null, scoredHidden, logits, spec.width(),
                        spec.vocabularySize(), true, true));
            }
        }

        void feed(SessionRun run, Evaluation evaluation) {
            frozenInputs.forEach((name, input) -> run.feedShared(input, frozenValues.get(name)));
            if (lora != null) {
                run.feed(adapterScale, new int[0], new double[]{evaluation.base() ? 0 : lora.scale()});
                if (lora.dropout() > 0) {
                    run.feed(dropoutRate, new int[0], new double[]{evaluation.training() ? lora.dropout() : 0})
                            .feed(dropoutSeed, TInt64.tensorOf(Shape.of(2),
                                    DataBuffers.of(new long[]{evaluation.seed(), 0}, true, false)));
                }
            }
        }

        private Operand<T> weight(String name) {
            if (graph.hasParameter(name)) {
                return graph.parameter(name);
            }
            Placeholder<T> p = frozenInputs.get(name);
            if (p == null) {
                throw new IllegalStateException("no weight '" + name + "'");
            }
            return p;
        }

        private Operand<T> constant(double value) {
            return graph.constant(value);
        }

        private Operand<T> gpt2() {
            int d = spec.width();
            String tokens = "transformer.wte.weight";
            String positions = "transformer.wpe.weight";
            Operand<T> sum = gpt2Embedding(weight(tokens), weight(positions));
            if (graph.hasParameter(tokens)) {
                tape.embedding(sum, tokens, positions, () -> gpt2Embedding(graph.direction(tokens),
                        graph.direction(positions)));
            }
            Operand<T> h = tf.reshape(sum, tf.constant(new int[]{-1, d}));
            for (int l = 0; l < spec.layers(); l++) {
                String p = spec.blockPrefix(l);
                Operand<T> qkv = conv1d(p + "attn.c_attn", layerNorm(p + "ln_1", h));
                List<Operand<T>> parts = thirds(qkv, d);
                Operand<T> attended = attention(parts.get(0), parts.get(1), parts.get(2), null);
                h = tf.math.add(h, conv1d(p + "attn.c_proj", attended));
                Operand<T> z = conv1d(p + "mlp.c_fc", layerNorm(p + "ln_2", h));
                h = tf.math.add(h, conv1d(p + "mlp.c_proj", blocks.gelu(z)));
            }
            return layerNorm("transformer.ln_f", h);
        }

        /** Token plus position embeddings of the inputs from the two tables, {@code [N, T, d]}. */
        private Operand<T> gpt2Embedding(Operand<T> tokenTable, Operand<T> positionTable) {
            Operand<T> tokens = tf.reshape(tf.gather(tokenTable, flatIds(), tf.constant(0)), dims(n(), t(), spec.width()));
            return tf.math.add(tokens, tf.slice(positionTable, tf.constant(new int[]{0, 0}), dims(t(), -1)));
        }

        /** The token embeddings of the inputs, {@code [N, T, d]}. */
        private Operand<T> llamaEmbedding(Operand<T> tokenTable) {
            return tf.reshape(tf.gather(tokenTable, flatIds(), tf.constant(0)), dims(n(), t(), spec.width()));
        }

        private Operand<TInt32> flatIds() {
            return tf.reshape(inputs, tf.constant(new int[]{-1}));
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
            String table = "model.embed_tokens.weight";
            Operand<T> embedded = llamaEmbedding(weight(table));
            if (graph.hasParameter(table)) {
                tape.embedding(embedded, table, null, () -> llamaEmbedding(graph.direction(table)));
            }
            Operand<T> h = tf.reshape(embedded, tf.constant(new int[]{-1, d}));
            TransformerBlocks.Rotary<T> rotary = blocks.rotary(spec.ropeFrequencies(), tf.constant(0), t());
            for (int l = 0; l < spec.layers(); l++) {
                String p = spec.blockPrefix(l);
                Operand<T> x = rmsNorm(p + "input_layernorm", h);
                Operand<T> q = linear(p + "self_attn.q_proj", x, spec.qkvBias());
                Operand<T> k = linear(p + "self_attn.k_proj", x, spec.qkvBias());
                Operand<T> v = linear(p + "self_attn.v_proj", x, spec.qkvBias());
                h = tf.math.add(h, linear(p + "self_attn.o_proj", attention(q, k, v, rotary), spec.outputBias()));
                Operand<T> y = rmsNorm(p + "post_attention_layernorm", h);
                Operand<T> gate = linear(p + "mlp.gate_proj", y, spec.mlpBias());
                Operand<T> up = linear(p + "mlp.up_proj", y, spec.mlpBias());
                h = tf.math.add(h, linear(p + "mlp.down_proj", tf.math.mul(blocks.silu(gate), up), spec.mlpBias()));
            }
            return rmsNorm("model.norm", h);
        }

        /**
         * Causal attention of {@code [N·T, heads·hd]} queries over {@code [N·T, kvHeads·hd]} keys and
         * values, rotary positions applied when {@code rotary} is given (grouped as
         * {@link TransformerBlocks#causalAttention} says).
         */
        private Operand<T> attention(Operand<T> q, Operand<T> k, Operand<T> v, TransformerBlocks.Rotary<T> rotary) {
            int heads = spec.heads();
            int kv = spec.keyValueHeads();
            int hd = spec.headDim();
            Operand<T> qh = blocks.splitHeads(q, n(), t(), heads, hd);
            Operand<T> kh = blocks.splitHeads(k, n(), t(), kv, hd);
            Operand<T> vh = blocks.splitHeads(v, n(), t(), kv, hd);
            if (rotary != null) {
                qh = blocks.rotate(qh, rotary, hd);
                kh = blocks.rotate(kh, rotary, hd);
            }
            return blocks.causalAttention(qh, kh, vh, n(), t(), heads, kv, hd);
        }

        private Operand<T> layerNorm(String module, Operand<T> x) {
            Operand<T> normalised = blocks.standardise(x, spec.normEpsilon());
            Operand<T> y = tf.math.add(tf.math.mul(normalised, weight(module + ".weight")), weight(module + ".bias"));
            if (graph.hasParameter(module + ".weight")) {
                tape.norm(new GramTape.Norm<>(module + ".weight", module + ".bias", normalised, y));
            }
            return y;
        }

        private Operand<T> rmsNorm(String module, Operand<T> x) {
            Operand<T> normalised = blocks.rmsNormalise(x, spec.normEpsilon());
            Operand<T> y = tf.math.mul(normalised, weight(module + ".weight"));
            if (graph.hasParameter(module + ".weight")) {
                tape.norm(new GramTape.Norm<>(module + ".weight", null, normalised, y));
            }
            return y;
        }

        /** GPT-2's Conv1D: {@code x·W + b} with W stored {@code [in, out]}. */
        private Operand<T> conv1d(String module, Operand<T> x) {
            Operand<T> y = tf.math.add(tf.linalg.matMul(x, weight(module + ".weight")), weight(module + ".bias"));
            record(module + ".weight", module + ".bias", x, y, false);
            return adapt(module, x, y);
        }

        /** nn.Linear: {@code x·Wᵀ (+ b)} with W stored {@code [out, in]}. */
        private Operand<T> linear(String module, Operand<T> x, boolean bias) {
            Operand<T> y = tf.linalg.matMul(x, weight(module + ".weight"), MatMul.transposeB(true));
            if (bias) {
                y = tf.math.add(y, weight(module + ".bias"));
            }
            record(module + ".weight", bias ? module + ".bias" : null, x, y, true);
            return adapt(module, x, y);
        }

        /** Records a linear layer on the tape when its weight is trainable. */
        private void record(String weight, String bias, Operand<T> x, Operand<T> y, boolean transposed) {
            if (graph.hasParameter(weight)) {
                long[] shape = graph.parameter(weight).shape().asArray();
                int in = (int) (transposed ? shape[1] : shape[0]);
                int out = (int) (transposed ? shape[0] : shape[1]);
                tape.linear(new GramTape.Linear<>(weight, bias, x, y, in, out, transposed, false));
            }
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
            String a = module + ".lora_A.weight";
            String b = module + ".lora_B.weight";
            Operand<T> down = tf.linalg.matMul(dropped, graph.parameter(a), MatMul.transposeB(true));
            record(a, null, dropped, down, true);
            Operand<T> up = tf.linalg.matMul(down, graph.parameter(b), MatMul.transposeB(true));
            record(b, null, down, up, true);
            return tf.math.add(y, tf.math.mul(up, adapterScale));
        }

        private Operand<TInt32> n() {
            return tf.slice(batchShape, tf.constant(new int[]{0}), tf.constant(new int[]{1}));
        }

        private Operand<TInt32> t() {
            return tf.slice(batchShape, tf.constant(new int[]{1}), tf.constant(new int[]{1}));
        }

        /** A shape operand from one-element int vectors and int constants. */
        private Operand<TInt32> dims(Object... parts) {
            return blocks.dims(parts);
        }
    }

    private static Shape shape(int[] dims) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i];
        }
        return Shape.of(out);
    }
}
