package dev.gramian.api.checkpoint;

import dev.gramian.api.optim.OptimizerState;

/**
 * An update rule whose own state a checkpoint carries, beside the parameters and the optimiser's
 * state, so that a resumed run continues exactly where it stopped: Fish's persistent inner
 * optimiser ({@link dev.gramian.api.domain.DomainRule}), token-mask's per-pair token weights
 * ({@link dev.gramian.api.alignment.AlignmentRule}). Rules without such state keep the defaults.
 * Training commands store the state with {@link OptimizerAndRuleState}.
 */
public interface Resumable {

    /**
     * The rule's own state, as a step count and named slots of named arrays. A slot's arrays are in
     * whatever layout the rule documents: in the layout of the parameters for an inner optimiser,
     * one array per training pair for token weights. The default is the empty state.
     */
    default OptimizerState state() {
        return OptimizerState.empty();
    }

    /**
     * Restores, exactly, what {@link #state()} returned, before the first step of a resumed run.
     * The default accepts only the empty state.
     *
     * @throws IllegalArgumentException when the state does not belong to this rule, naming what
     *                                  does not fit
     */
    default void restore(OptimizerState state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " keeps no state, but the checkpoint has "
                    + state.slots().keySet() + " after " + state.steps() + " steps");
        }
    }
}
