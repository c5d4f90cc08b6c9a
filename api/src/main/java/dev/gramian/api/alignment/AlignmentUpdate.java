package dev.gramian.api.alignment;

import dev.gramian.api.model.PreferenceStep;

/**
 * What an {@link AlignmentRule} computed for one batch: the loss, the pairs' log-probabilities and
 * the direction to descend ({@link PreferenceStep#gradient()}), with the direction's weights over
 * the sequence gradients when it is such a sum.
 *
 * @param step            the mean loss, the direction, and the responses' own summed log-probabilities at
 *                        the parameters before the step (whatever the rule reweights inside its loss; the
 *                        trainer's LD-DPO option alone replaces them by its weighted sums, as TRL logs them)
 * @param sequenceWeights the direction as {@code Σ_m c_m ∇logp_m} over the 2B sequences (chosen 0..B−1,
 *                        rejected B..2B−1), or null when it is not a sum of whole-sequence gradients
 */
public record AlignmentUpdate(PreferenceStep step, double[] sequenceWeights) {
    public AlignmentUpdate {
        int b = step.logpChosen().length;
        if (sequenceWeights != null && sequenceWeights.length != 2 * b) {
            throw new IllegalArgumentException(sequenceWeights.length + " sequence weights for " + b
                    + " pairs; need " + 2 * b);
        }
    }
}
