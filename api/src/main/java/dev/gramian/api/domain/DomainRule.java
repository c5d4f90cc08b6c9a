package dev.gramian.api.domain;

import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;

/**
 * One outer step of a domain-generalisation algorithm. Implementations must change the learner's
 * parameters only through the learner's own arrays and {@code outer}, draw all randomness from
 * {@link DomainLearner#random()} (so a seed reproduces a run), and return the loss they optimised,
 * averaged over the domains they touched.
 */
public interface DomainRule {

    /**
     * Performs one step.
     *
     * @param learner      the model, data and backend
     * @param outer        the run's optimiser for the parameters θ
     * @param learningRate the outer step size for this step
     * @param step         the 0-based step number
     * @return the mean training loss seen during the step
     */
    double step(DomainLearner learner, Optimizer outer, double learningRate, long step);

    /**
     * The rule's own state that a checkpoint must carry for a resumed run to continue exactly (for
     * example Fish's persistent inner optimiser), as optimiser state in the layout of the
     * parameters. Rules without such state keep the default, which is empty.
     */
    default OptimizerState state() {
        return OptimizerState.empty();
    }

    /**
     * Restores what {@link #state()} returned, before the first step of a resumed run. The default
     * accepts only the empty state.
     *
     * @throws IllegalArgumentException when the state does not belong to this rule
     */
    default void restore(OptimizerState state) {
        if (state.steps() != 0 || !state.slots().isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " keeps no state, but the checkpoint has "
                    + state.slots().keySet() + " after " + state.steps() + " steps");
        }
    }
}
