package dev.gramian.runtime.tensorflow.graph;

import org.tensorflow.Operand;
import org.tensorflow.Tensor;

import java.util.Map;

/**
 * A model's parameters as tensors, made once by {@link ModelGraph#feed} for the runs of one model
 * call (a batch split into several runs feeds the same tensors to each) and closed by the caller.
 */
public final class ParameterFeed implements AutoCloseable {
    private final Map<? extends Operand<?>, Tensor> tensors;

    ParameterFeed(Map<? extends Operand<?>, Tensor> tensors) {
        this.tensors = tensors;
    }

    Map<? extends Operand<?>, Tensor> tensors() {
        return tensors;
    }

    /** Closes every tensor; idempotent. */
    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
        tensors.clear();
    }
}
