package dev.gramian.runtime.tensorflow.graph;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code Session.run} being prepared: the runner, and every tensor fed into it, which this run
 * owns and closes when it is closed. Open it in a try-with-resources statement together with the
 * {@link Result} of {@link #run()}, so that the result and the fed tensors are released on every
 * path:
 *
 * <pre>{@code
 * try (SessionRun run = graph.newRun(parameters).feed(inputs, shape, ids).fetch(logp);
 *      Result result = run.run()) {
 *     ...
 * }
 * }</pre>
 */
public final class SessionRun implements AutoCloseable {
    private final ModelGraph<?> graph;
    private final Session.Runner runner;
    private final List<Tensor> owned = new ArrayList<>();

    SessionRun(ModelGraph<?> graph, Session.Runner runner) {
        this.graph = graph;
        this.runner = runner;
    }

    /** Feeds {@code tensor}, which this run then owns. */
    public SessionRun feed(Operand<?> input, Tensor tensor) {
        owned.add(tensor);
        runner.feed(input, tensor);
        return this;
    }

    /**
     * Feeds {@code tensor}, which the caller keeps owning and closes itself (e.g. frozen weights fed
     * on every run).
     */
    public SessionRun feedShared(Operand<?> input, Tensor tensor) {
        runner.feed(input, tensor);
        return this;
    }

    /** Feeds {@code values} (row-major, of the graph's floating type) with the given shape. */
    public SessionRun feed(Operand<?> input, int[] shape, double[] values) {
        return feed(input, graph.tensorOf(shape, values));
    }

    /** Feeds a vector of the graph's floating type. */
    public SessionRun feed(Operand<?> input, double[] values) {
        return feed(input, new int[]{values.length}, values);
    }

    /** Feeds int32 {@code values} (row-major) with the given shape. */
    public SessionRun feedInts(Operand<?> input, int[] shape, int[] values) {
        return feed(input, ModelGraph.intTensorOf(shape, values));
    }

    /** Fetches {@code output}; results come back in fetch order. */
    public SessionRun fetch(Operand<?> output) {
        runner.fetch(output);
        return this;
    }

    /** Fetches every operand of {@code outputs}, in order. */
    public SessionRun fetchAll(List<? extends Operand<?>> outputs) {
        outputs.forEach(runner::fetch);
        return this;
    }

    /** Runs the session; the caller closes the result. */
    public Result run() {
        return runner.run();
    }

    /** Closes every tensor fed into this run. */
    @Override
    public void close() {
        for (Tensor t : owned) {
            t.close();
        }
        owned.clear();
    }
}
