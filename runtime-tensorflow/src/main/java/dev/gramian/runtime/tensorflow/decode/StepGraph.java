package dev.gramian.runtime.tensorflow.decode;

import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.ModelGraph;
import dev.gramian.runtime.tensorflow.graph.SessionRun;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import dev.gramian.runtime.tensorflow.graph.TransformerBlocks;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One decoding step of a {@link StepNetwork} as a graph over {@code N} rows: the new tokens
 * {@code ids [N, S]} and, per block, the cached keys and values {@code [N, kvHeads, P, headDim]} of the
 * P tokens before them go in; the logits of each row's last new token {@code [N, V]} and the keys and
 * values extended to {@code P + S} positions come out, ready to be fed to the next step. P = 0 (empty
 * caches) runs a prompt; S = 1 a generated token. The weights are fed like every model's parameters,
 * from tensors made once per decoding state.
 *
 * @param <T> the graph's floating type
 */
public final class StepGraph<T extends TFloating> extends ModelGraph<T> {
    private final StepNetwork network;
    private final StepNetwork.Dimensions dims;
    private final TransformerBlocks<T> blocks = new TransformerBlocks<>(this);
    private final Placeholder<TInt32> ids;
    private final Operand<TInt32> n;
    private final Operand<TInt32> s;
    private final Placeholder<TInt32> pastLength;
    private final List<Placeholder<T>> pastKeys = new ArrayList<>();
    private final List<Placeholder<T>> pastValues = new ArrayList<>();
    private final List<Operand<T>> keys = new ArrayList<>();
    private final List<Operand<T>> values = new ArrayList<>();
    private final Operand<T> nextLogits;
    private final Operand<T> allLogits;

    /** Builds the step of {@code network} for parameters laid out as {@code layout}. */
    public StepGraph(StepNetwork network, ParameterSet layout, SessionSettings settings) {
        super(settings);
        this.network = network;
        this.dims = network.dimensions();
        declareParameters(layout);
        ids = tf.withName("ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
        Operand<TInt32> idShape = tf.shape(ids);
        n = tf.slice(idShape, tf.constant(new int[]{0}), tf.constant(new int[]{1}));
        s = tf.slice(idShape, tf.constant(new int[]{1}), tf.constant(new int[]{1}));
        Shape cache = Shape.of(-1, dims.keyValueHeads(), -1, dims.headDim());
        for (int l = 0; l < dims.layers(); l++) {
            pastKeys.add(tf.withName("past_keys_" + l).placeholder(type, Placeholder.shape(cache)));
            pastValues.add(tf.withName("past_values_" + l).placeholder(type, Placeholder.shape(cache)));
        }
        pastLength = tf.withName("past_length").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
        Operand<T> hidden = network.hidden(this);
        if (keys.size() != dims.layers()) {
            throw new IllegalStateException("the network attended " + keys.size() + " times for " + dims.layers()
                    + " blocks");
        }
        int width = (int) hidden.shape().get(1);
        Operand<T> last = tf.slice(tf.reshape(hidden, blocks.dims(n, s, width)),
                tf.concat(List.of(tf.constant(new int[]{0}), tf.math.sub(s, tf.constant(new int[]{1})),
                        tf.constant(new int[]{0})), tf.constant(0)), tf.constant(new int[]{-1, 1, -1}));
        nextLogits = network.logits(this, tf.reshape(last, tf.constant(new int[]{-1, width})));
        allLogits = network.logits(this, hidden);
    }

    // ------------------------------------------------------------ what a network reads

    /** The building blocks over this graph. */
    public TransformerBlocks<T> blocks() {
        return blocks;
    }

    /** The new tokens, {@code [N, S]}. */
    public Operand<TInt32> ids() {
        return ids;
    }

    /** {@code [N]} as a one-element vector. */
    public Operand<TInt32> n() {
        return n;
    }

    /** {@code [S]}, the new tokens per row, as a one-element vector. */
    public Operand<TInt32> s() {
        return s;
    }

    /** The scalar P: cached tokens per row, the absolute position of the first new token. */
    public Operand<TInt32> pastLength() {
        return pastLength;
    }

    /**
     * Block {@code layer}'s causal attention of the new queries {@code [N, heads, S, hd]} over the
     * cached keys and values followed by the new ones ({@code [N, kvHeads, S, hd]}, rotary positions
     * already applied), as {@code [N·S, heads·hd]}; the extended keys and values become the step's
     * outputs. Called once per block, in order.
     */
    public Operand<T> attend(int layer, Operand<T> queries, Operand<T> newKeys, Operand<T> newValues, int heads) {
        if (layer != keys.size()) {
            throw new IllegalStateException("block " + layer + " attended out of order");
        }
        Operand<T> k = tf.concat(List.of(pastKeys.get(layer), newKeys), tf.constant(2));
        Operand<T> v = tf.concat(List.of(pastValues.get(layer), newValues), tf.constant(2));
        keys.add(k);
        values.add(v);
        return blocks.causalAttention(queries, k, v, n, s, heads, dims.keyValueHeads(), dims.headDim());
    }

    // ------------------------------------------------------------ runs

    /** The network this graph runs. */
    StepNetwork network() {
        return network;
    }

    /** The weights of {@code values} as tensors of this graph's type, by name; the caller closes them. */
    Map<String, Tensor> weightTensors(ParameterSet values) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try {
            for (ParameterSet.Parameter p : values.parameters()) {
                out.put(p.name(), tensorOf(p.shape(), p.values()));
            }
        } catch (RuntimeException e) {
            out.values().forEach(Tensor::close);
            throw e;
        }
        return out;
    }

    /**
     * Runs one step of one row. Result 0 is the next-token logits {@code [1, V]} (with
     * {@code everyPosition}, those of every new token, {@code [S, V]}); results {@code 1 + 2l} and
     * {@code 2 + 2l} are block l's extended keys and values.
     *
     * @param cache the previous step's result, whose keys and values are fed, or null for none
     * @param past  the number of cached tokens
     */
    Result run(Map<String, Tensor> weights, int[] tokens, Result cache, int past, boolean everyPosition) {
        try (SessionRun run = newRun()) {
            weights.forEach((name, tensor) -> run.feedShared(parameter(name), tensor));
            run.feedInts(ids, new int[]{1, tokens.length}, tokens).feedInts(pastLength, new int[0], new int[]{past});
            int[] empty = {1, dims.keyValueHeads(), 0, dims.headDim()};
            for (int l = 0; l < dims.layers(); l++) {
                if (cache == null) {
                    run.feed(pastKeys.get(l), empty, new double[0]).feed(pastValues.get(l), empty, new double[0]);
                } else {
                    run.feedShared(pastKeys.get(l), cache.get(1 + 2 * l)).feedShared(pastValues.get(l), cache.get(2 + 2 * l));
                }
            }
            run.fetch(everyPosition ? allLogits : nextLogits);
            for (int l = 0; l < dims.layers(); l++) {
                run.fetch(keys.get(l)).fetch(values.get(l));
            }
            return run.run();
        }
    }
}
