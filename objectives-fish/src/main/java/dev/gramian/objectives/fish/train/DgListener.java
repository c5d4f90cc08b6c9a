package dev.gramian.objectives.fish.train;

import dev.gramian.api.param.ParameterSet;

/** Told about every evaluation of a run, e.g. to write a checkpoint there. */
@FunctionalInterface
public interface DgListener {

    /**
     * Called after an evaluation, before training goes on.
     *
     * @param evaluation         the evaluation just made
     * @param progress           the run's state after it
     * @param selectedParameters the parameters of the model selected so far (do not modify)
     */
    void evaluated(DgEvaluation evaluation, DgProgress progress, ParameterSet selectedParameters);
}
