package dev.gramian.runtime.tensorflow.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.List;

/**
 * The pieces decoder-only Transformers are built from, written once for every graph that builds
 * one: the training graphs of the built-in Transformer and of pre-trained decoders, and the
 * key/value-cached decoding graphs. Activations are {@code [rows, width]}; heads are
 * {@code [N, heads, positions, headDim]}. Shapes that vary per run (batch, positions, cached length)
 * are one-element int32 vectors taken from the inputs' shapes.
 *
 * @param <T> the graph's floating type
 */
public final class TransformerBlocks<T extends TFloating> {
    private final ModelGraph<T> graph;
    private final Ops tf;

    public TransformerBlocks(ModelGraph<T> graph) {
        this.graph = graph;
        this.tf = graph.tf();
    }

    /** {@code (x − mean) / √(variance + eps)} over the last axis of {@code [rows, d]}. */
    public Operand<T> standardise(Operand<T> x, double eps) {
        Operand<T> centred = tf.math.sub(x, tf.math.mean(x, tf.constant(1), Mean.keepDims(true)));
        Operand<T> variance = tf.math.mean(tf.math.mul(centred, centred), tf.constant(1), Mean.keepDims(true));
        return tf.math.mul(centred, tf.math.rsqrt(tf.math.add(variance, graph.constant(eps))));
    }

    /** LayerNorm: {@code standardise(x)·gain + bias}. */
    public Operand<T> layerNorm(Operand<T> x, Operand<T> gain, Operand<T> bias, double eps) {
        return tf.math.add(tf.math.mul(standardise(x, eps), gain), bias);
    }

    /** {@code x · rsqrt(mean(x²) + eps)} over the last axis of {@code [rows, d]}. */
    public Operand<T> rmsNormalise(Operand<T> x, double eps) {
        Operand<T> meanSquare = tf.math.mean(tf.math.mul(x, x), tf.constant(1), Mean.keepDims(true));
        return tf.math.mul(x, tf.math.rsqrt(tf.math.add(meanSquare, graph.constant(eps))));
    }

    /** RMSNorm: {@code rmsNormalise(x)·weight}. */
    public Operand<T> rmsNorm(Operand<T> x, Operand<T> weight, double eps) {
        return tf.math.mul(rmsNormalise(x, eps), weight);
    }

    /** GELU, tanh form: {@code 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))} (GPT-2's {@code gelu_new}). */
    public Operand<T> gelu(Operand<T> z) {
        Operand<T> cube = tf.math.mul(tf.math.mul(z, z), z);
        Operand<T> inner = tf.math.mul(tf.math.add(z, tf.math.mul(cube, graph.constant(0.044715))),
                graph.constant(Math.sqrt(2 / Math.PI)));
        return tf.math.mul(tf.math.mul(z, graph.constant(0.5)), tf.math.add(graph.constant(1), tf.math.tanh(inner)));
    }

    /** SiLU: {@code z · sigmoid(z)}. */
    public Operand<T> silu(Operand<T> z) {
        return tf.math.mul(z, tf.math.sigmoid(z));
    }

    /** Rotary angles' cosines and sines, {@code [positions, headDim]} in the halves layout. */
    public record Rotary<T extends TFloating>(Operand<T> cos, Operand<T> sin) {
    }

    /**
     * The rotary cosines and sines of positions {@code first, first + 1, …} ({@code count} of them),
     * computed in the graph's type as transformers computes them in float32.
     *
     * @param frequencies the {@code headDim / 2} inverse frequencies
     * @param first       a scalar: the absolute position of the first row
     * @param count       a one-element vector: the number of positions
     */
    public Rotary<T> rotary(double[] frequencies, Operand<TInt32> first, Operand<TInt32> count) {
        float[] f = new float[frequencies.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) frequencies[i];
        }
        Operand<T> freq = tf.reshape(tf.dtypes.cast(tf.constant(f), graph.type()), tf.constant(new int[]{1, -1}));
        Operand<TInt32> last = tf.math.add(first, tf.reshape(count, tf.constant(new int[0])));
        Operand<T> positions = tf.reshape(tf.dtypes.cast(tf.range(first, last, tf.constant(1)), graph.type()),
                tf.constant(new int[]{-1, 1}));
        Operand<T> angles = tf.math.mul(positions, freq);
        Operand<T> both = tf.concat(List.of(angles, angles), tf.constant(1));
        return new Rotary<>(tf.math.cos(both), tf.math.sin(both));
    }

    /** {@code x·cos + rotate_half(x)·sin} on heads {@code [N, heads, positions, hd]}, rotate_half([x1, x2]) = [−x2, x1]. */
    public Operand<T> rotate(Operand<T> x, Rotary<T> rotary, int hd) {
        int half = hd / 2;
        Operand<T> x1 = tf.slice(x, tf.constant(new int[]{0, 0, 0, 0}), tf.constant(new int[]{-1, -1, -1, half}));
        Operand<T> x2 = tf.slice(x, tf.constant(new int[]{0, 0, 0, half}), tf.constant(new int[]{-1, -1, -1, half}));
        Operand<T> rotated = tf.concat(List.of(tf.math.neg(x2), x1), tf.constant(3));
        return tf.math.add(tf.math.mul(x, rotary.cos()), tf.math.mul(rotated, rotary.sin()));
    }

    /** {@code [N·S, heads·hd]} as heads {@code [N, heads, S, hd]}. */
    public Operand<T> splitHeads(Operand<T> x, Operand<TInt32> n, Operand<TInt32> s, int heads, int hd) {
        return tf.linalg.transpose(tf.reshape(x, dims(n, s, heads, hd)), tf.constant(new int[]{0, 2, 1, 3}));
    }

    /**
     * Causal attention of queries {@code [N, heads, S, hd]} over keys and values
     * {@code [N, kvHeads, L, hd]} (L ≥ S: the last S keys belong to the queries' own positions, the
     * first L − S to earlier ones), as {@code [N·S, heads·hd]}: query i sees keys {@code 0 … L − S + i}.
     * Query head h reads key/value head h / (heads / kvHeads): the queries of one group are stacked
     * along the position axis, so no key or value is copied.
     */
    public Operand<T> causalAttention(Operand<T> q, Operand<T> k, Operand<T> v, Operand<TInt32> n,
                                      Operand<TInt32> s, int heads, int kvHeads, int hd) {
        int group = heads / kvHeads;
        Operand<TInt32> l = tf.slice(tf.shape(k), tf.constant(new int[]{2}), tf.constant(new int[]{1}));
        Operand<TInt32> groupRows = tf.math.mul(s, tf.constant(new int[]{group}));
        Operand<T> grouped = tf.reshape(q, dims(n, kvHeads, groupRows, hd));
        Operand<T> scores = tf.math.mul(graph.batchMatMul(grouped, k, true),
                graph.constant(1 / Math.sqrt(hd)));
        Operand<TInt32> past = tf.reshape(tf.math.sub(l, s), tf.constant(new int[0]));
        Operand<T> ones = tf.ones(tf.concat(List.of(s, l), tf.constant(0)), graph.type());
        Operand<T> blocked = tf.math.mul(tf.math.sub(tf.linalg.bandPart(ones, tf.constant(-1), past),
                graph.constant(1)), graph.constant(1e9));
        Operand<T> masked = tf.math.add(tf.reshape(scores, dims(n, kvHeads, group, s, l)), blocked);
        Operand<T> probabilities = tf.reshape(tf.nn.softmax(masked), dims(n, kvHeads, groupRows, l));
        Operand<T> attended = tf.reshape(graph.batchMatMul(probabilities, v, false), dims(n, heads, s, hd));
        return tf.reshape(tf.linalg.transpose(attended, tf.constant(new int[]{0, 2, 1, 3})),
                tf.constant(new int[]{-1, heads * hd}));
    }

    /** A shape operand from one-element int32 vectors and int constants, in order. */
    @SuppressWarnings("unchecked")
    public Operand<TInt32> dims(Object... parts) {
        List<Operand<TInt32>> pieces = new ArrayList<>(parts.length);
        for (Object part : parts) {
            pieces.add(part instanceof Integer i ? tf.constant(new int[]{i}) : (Operand<TInt32>) part);
        }
        return tf.concat(pieces, tf.constant(0));
    }
}
