package dev.gramian.api.domain;

import dev.gramian.api.checkpoint.Resumable;
import dev.gramian.api.optim.Optimizer;

/**
 * One outer step of a domain-generalisation algorithm. Implementations must change the learner's
 * parameters only through the learner's own arrays and {@code outer}, draw all randomness from
 * {@link DomainLearner#random()} (so a seed reproduces a run), and return the loss they optimised,
 * averaged over the domains they touched. A rule with state of its own that a resumed run needs
 * (Fish's persistent inner optimiser) returns it from {@link #state()} and takes it back in
 * {@link #restore}.
 */
public interface DomainRule extends Resumable {

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
}
