package dev.gramian.runtime.tensorflow.decode;

import dev.gramian.api.model.DecodingState;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import org.tensorflow.Result;
import org.tensorflow.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * The api's {@link DecodingState} on a {@link StepGraph}: the weights as tensors made once, and the
 * last step's result, whose keys and values the next step is fed without leaving TensorFlow's
 * memory. Closing it releases both.
 */
public final class CachedDecoding implements DecodingState {
    private final StepGraph<?> graph;
    private final Map<String, Tensor> weights;
    private Result cache;
    private int length;
    private boolean closed;

    /** A state over {@code graph} with {@code weights} (laid out as the graph's parameters) copied in. */
    public CachedDecoding(StepGraph<?> graph, ParameterSet weights) {
        this.graph = graph;
        this.weights = graph.weightTensors(weights);
    }

    @Override
    public double[] append(int... tokens) {
        return ModelGraph.doubles(step(tokens, false).get(0));
    }

    /**
     * Appends {@code tokens} like {@link #append} and returns the logits after every one of them,
     * {@code [tokens.length][V]} (tests compare them with a full recomputation).
     */
    public double[][] appendEveryPosition(int... tokens) {
        double[] flat = ModelGraph.doubles(step(tokens, true).get(0));
        int v = graph.network().dimensions().vocabularySize();
        double[][] out = new double[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = Arrays.copyOfRange(flat, i * v, (i + 1) * v);
        }
        return out;
    }

    private Result step(int[] tokens, boolean everyPosition) {
        if (closed) {
            throw new IllegalStateException("the decoding state is closed");
        }
        if (tokens.length == 0) {
            throw new IllegalArgumentException("append needs at least one token");
        }
        int v = graph.network().dimensions().vocabularySize();
        for (int t : tokens) {
            if (t < 0 || t >= v) {
                throw new IllegalArgumentException("token id " + t + " is outside the vocabulary [0, " + v + ")");
            }
        }
        if (length + tokens.length > capacity()) {
            throw new IllegalArgumentException(length + " + " + tokens.length + " tokens pass the model's context of "
                    + capacity());
        }
        Result next = graph.run(weights, tokens, cache, length, everyPosition);
        if (cache != null) {
            cache.close();
        }
        cache = next;
        length += tokens.length;
        return next;
    }

    @Override
    public void reset() {
        if (cache != null) {
            cache.close();
            cache = null;
        }
        length = 0;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int capacity() {
        return graph.network().dimensions().context();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            reset();
            weights.values().forEach(Tensor::close);
        }
    }
}
