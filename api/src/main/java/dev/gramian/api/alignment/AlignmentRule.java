package dev.gramian.api.alignment;

import dev.gramian.api.checkpoint.Resumable;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.objective.Objective;

/**
 * How an alignment step turns a margin loss on a batch of preference pairs into an update
 * direction: plain gradient descent on the mean loss, or a rule that reshapes the direction to
 * counter gradient entanglement (docs/science.md §2). The trainer hands the returned direction to the
 * optimiser as if it were the gradient.
 *
 * <p>Implementations must evaluate at the policy's current parameters without changing them, use a
 * bounded number of backward passes per batch (never one per sequence), and report the weights of
 * the direction over the batch's sequence gradients when it is such a sum, so probes can predict
 * the step's effect exactly. A rule that learns across steps (token-mask's per-pair token weights)
 * returns what it learned from {@link #state()} and takes it back in {@link #restore}, so that
 * {@code gramian align --resume} continues exactly; stateless rules keep the defaults.
 */
public interface AlignmentRule extends Resumable {

    /**
     * The update direction for one batch of B pairs.
     *
     * @param policy the model being aligned
     * @param loss   the objective: a margin loss, or a batch loss (its per-pair derivatives from
     *               {@link Objective#evaluate(java.util.List)})
     * @param batch  the pairs with their reference log-probabilities (zeros if the loss uses none)
     */
    AlignmentUpdate update(LanguageModel policy, Objective loss, PairBatch batch);
}
