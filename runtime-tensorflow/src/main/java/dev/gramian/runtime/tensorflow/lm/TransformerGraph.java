package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

import java.util.List;

/**
 * The causal Transformer network over a dynamic batch {@code [N, T]}: pre-LayerNorm blocks
 * (multi-head causal attention, GELU MLP), learned positional embeddings and an untied output head
 * applied at the scored positions only. Embeddings are one-hot products, so every op has a C++
 * gradient. Its linear layers, LayerNorms and embedding sum are recorded on the {@link GramTape} for
 * the fast Gram path; the parameter names follow {@link TransformerInitializer}'s layout.
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
    private final Operand<T> logits;

    private TransformerGraph(ModelGraph<T> graph, LanguageModelConfig config, Architecture.Inputs in) {
        this.graph = graph;
        this.tf = graph.tf();
        this.config = config;
        this.inputs = in.ids();
        this.batchShape = in.batchShape();
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
        Operand<T> output = tf.math.add(tf.linalg.matMul(input, graph.parameter(weight)), graph.parameter(bias));
        long[] shape = graph.parameter(weight).shape().asArray();
        tape.linear(new GramTape.Linear<>(weight, bias, input, output, (int) shape[0], (int) shape[1], false, scored));
        return output;
    }

    private Operand<T> layerNorm(String prefix, Operand<T> x) {
        Operand<T> centred = tf.math.sub(x, tf.math.mean(x, tf.constant(1), Mean.keepDims(true)));
        Operand<T> variance = tf.math.mean(tf.math.mul(centred, centred), tf.constant(1), Mean.keepDims(true));
        Operand<T> normalised = tf.math.mul(centred, tf.math.rsqrt(tf.math.add(variance, graph.constant(1e-5))));
        Operand<T> output = tf.math.add(tf.math.mul(normalised, graph.parameter(prefix + "gain")),
                graph.parameter(prefix + "bias"));
        tape.norm(new GramTape.Norm<>(prefix + "gain", prefix + "bias", normalised, output));
        return output;
    }

    private Operand<T> attention(String p, Operand<T> x) {
        int d = config.width();
        int heads = config.heads();
        int dh = d / heads;
        Operand<T> q = splitHeads(linear(p + "attn/wq", p + "attn/bq", x), heads, dh);
        Operand<T> k = splitHeads(linear(p + "attn/wk", p + "attn/bk", x), heads, dh);
        Operand<T> v = splitHeads(linear(p + "attn/wv", p + "attn/bv", x), heads, dh);
        Operand<T> scores = tf.math.mul(tf.train.batchMatMul(q, k, graph.type(), BatchMatMul.adjY(true)),
                graph.constant(1 / Math.sqrt(dh)));
        Operand<TInt32> t = tf.slice(batchShape, tf.constant(new int[]{1}), tf.constant(new int[]{1}));
        Operand<T> ones = tf.ones(tf.concat(List.of(t, t), tf.constant(0)), graph.type());
        Operand<T> causal = tf.linalg.bandPart(ones, tf.constant(-1), tf.constant(0));
        Operand<T> blocked = tf.math.mul(tf.math.sub(causal, graph.constant(1)), graph.constant(1e9));
        Operand<T> attended = tf.train.batchMatMul(tf.nn.softmax(tf.math.add(scores, blocked)), v, graph.type());
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
        Operand<T> inner = tf.math.mul(tf.math.add(z, tf.math.mul(cube, graph.constant(0.044715))),
                graph.constant(Math.sqrt(2 / Math.PI)));
        Operand<T> gelu = tf.math.mul(tf.math.mul(z, graph.constant(0.5)),
                tf.math.add(graph.constant(1), tf.math.tanh(inner)));
        return linear(p + "mlp/w2", p + "mlp/b2", gelu);
    }
}
