package dev.gramian.api.optim;

import dev.gramian.api.param.ParameterSet;

/**
 * A first-order update rule with state. Implementations must: update {@code parameters} in place
 * and leave {@code gradient} untouched; keep all state that influences future steps in
 * {@link #state()}, so that {@code restore(state())} on a fresh instance with the same options
 * continues bit-identically; and lazily size their state from the first gradient they see.
 */
public interface Optimizer {

    /**
     * One update: {@code parameters ← parameters − learningRate · direction(gradient, state)}.
     *
     * @param parameters   updated in place
     * @param gradient     the gradient of the loss at {@code parameters}, same layout
     * @param learningRate the step size for this step (schedules live with the caller)
     */
    void step(ParameterSet parameters, ParameterSet gradient, double learningRate);

    /** A deep copy of the current state (step count and slot arrays). */
    OptimizerState state();

    /**
     * Replaces the state with a deep copy of {@code state}.
     *
     * @throws IllegalArgumentException when the state's slots do not belong to this optimiser
     */
    void restore(OptimizerState state);
}
