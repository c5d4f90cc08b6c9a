package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import dev.gramian.runtime.tensorflow.graph.TransformerBlocks;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

import java.util.List;

/**
 * The causal Transformer network over a dynamic batch {@code [N, T]}: pre-LayerNorm blocks
 * (multi-head causal attention, GELU MLP), learned positional embeddings and an untied output head
 * applied at the scored positions only. Embeddings are one-hot products, so every op has a C++
 * gradient; they stay in the graph's type, while the linear layers and attention products take the
 * precision's product type. Its linear layers, LayerNorms and embedding sum are recorded on the
 * {@link GramTape} for the fast Gram path; the parameter names follow {@link TransformerInitializer}'s
 * layout.
 */
final class TransformerGraph<T extends TFloating> {
    /** The architecture of {@code config}, for {@link LanguageModelGraph}. */
    static Architecture architecture(LanguageModelConfig config) {
        return new Architecture() {
            @Override
            public <U extends TFloating> Network<U> build(ModelGraph<U> graph, Inputs inputs) {
                TransformerGraph<U> network = new TransformerGraph<>(graph, config, inputs);
                return new Network<>(network.logits, network.tape);
            }
        };
    }

    private final ModelGraph<T> graph;
    private final Ops tf;
    private final LanguageModelConfig config;
    private final Operand<TInt32> inputs;
    private final Operand<TInt32> batchShape;
    private final GramTape<T> tape = new GramTape<>();
    private final TransformerBlocks<T> blocks;
    private final Operand<T> logits;

    private TransformerGraph(ModelGraph<T> graph, LanguageModelConfig config, Architecture.Inputs in) {
        this.graph = graph;
        this.tf = graph.tf();
        this.config = config;
        this.inputs = in.ids();
        this.batchShape = in.batchShape();
        this.blocks = new TransformerBlocks<>(graph);
        int d = config.width();
        Operand<T> embeddingSum = embed(graph.parameter("embed/token"), graph.parameter("embed/position"));
        tape.embedding(embeddingSum, "embed/token", "embed/position",
                () -> embed(graph.direction("embed/token"), graph.direction("embed/position")));
        Operand<T> h = tf.reshape(embeddingSum, tf.constant(new int[]{-1, d}));
        for (int l = 0; l < config.layers(); l++) {
            String p = "layer" + l + "/";
            h = tf.math.add(h, attention(p, layerNorm(p + "ln1/", h)));
            h = tf.math.add(h, mlp(p, layerNorm(p + "ln2/", h)));
        }
        Operand<T> scored = tf.gather(layerNorm("final/ln/", h), in.scoredRows(), tf.constant(0));
        logits = linear("head/w", "head/b", scored, true);
    }

    /** Token plus position embeddings of the inputs from the two tables, {@code [N, T, d]}. */
    private Operand<T> embed(Operand<T> tokenTable, Operand<T> positionTable) {
        Operand<TInt32> flatIds = tf.reshape(inputs, tf.constant(new int[]{-1}));
        Operand<T> oneHot = tf.oneHot(flatIds, tf.constant(config.vocabularySize()), graph.constant(1),
                graph.constant(0));
        Operand<T> tokenEmbedding = tf.linalg.matMul(oneHot, tokenTable);
        Operand<TInt32> positions = tf.slice(batchShape, tf.constant(new int[]{1}), tf.constant(new int[]{1}));
        Operand<T> positionEmbedding = tf.slice(positionTable, tf.constant(new int[]{0, 0}),
                tf.concat(List.of(positions, tf.constant(new int[]{-1})), tf.constant(0)));
        Operand<TInt32> shape = tf.concat(List.of(batchShape, tf.constant(new int[]{config.width()})),
                tf.constant(0));
        return tf.math.add(tf.reshape(tokenEmbedding, shape), positionEmbedding);
    }

    private Operand<T> linear(String weight, String bias, Operand<T> input) {
        return linear(weight, bias, input, false);
    }

    /** {@code input·W + b}, on the scored rows when {@code scored}. */
    private Operand<T> linear(String weight, String bias, Operand<T> input, boolean scored) {
        Operand<T> output = tf.math.add(graph.matMul(input, graph.parameter(weight), false), graph.parameter(bias));
        long[] shape = graph.parameter(weight).shape().asArray();
        tape.linear(new GramTape.Linear<>(weight, bias, input, output, (int) shape[0], (int) shape[1], false, scored));
        return output;
    }

    private Operand<T> layerNorm(String prefix, Operand<T> x) {
        Operand<T> normalised = blocks.standardise(x, 1e-5);
        Operand<T> output = tf.math.add(tf.math.mul(normalised, graph.parameter(prefix + "gain")),
                graph.parameter(prefix + "bias"));
        tape.norm(new GramTape.Norm<>(prefix + "gain", prefix + "bias", normalised, output));
        return output;
    }

    private Operand<T> attention(String p, Operand<T> x) {
        int heads = config.heads();
        int dh = config.width() / heads;
        Operand<TInt32> n = tf.slice(batchShape, tf.constant(new int[]{0}), tf.constant(new int[]{1}));
        Operand<TInt32> t = tf.slice(batchShape, tf.constant(new int[]{1}), tf.constant(new int[]{1}));
        Operand<T> q = blocks.splitHeads(linear(p + "attn/wq", p + "attn/bq", x), n, t, heads, dh);
        Operand<T> k = blocks.splitHeads(linear(p + "attn/wk", p + "attn/bk", x), n, t, heads, dh);
        Operand<T> v = blocks.splitHeads(linear(p + "attn/wv", p + "attn/bv", x), n, t, heads, dh);
        return linear(p + "attn/wo", p + "attn/bo", blocks.causalAttention(q, k, v, n, t, heads, heads, dh));
    }

    private Operand<T> mlp(String p, Operand<T> x) {
        return linear(p + "mlp/w2", p + "mlp/b2", blocks.gelu(linear(p + "mlp/w1", p + "mlp/b1", x)));
    }
}
