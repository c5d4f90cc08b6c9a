package dev.gramian.api.model;

import dev.gramian.api.param.ParameterSet;

/**
 * The result of evaluating a margin loss on a batch of preference pairs.
 *
 * @param loss          mean loss over the pairs
 * @param gradient      gradient of the mean loss
 * @param logpChosen    the policy's summed log-probability of each chosen response
 * @param logpRejected  of each rejected response
 * @param lenChosen     response token counts of the chosen sequences
 * @param lenRejected   of the rejected sequences
 */
public record PreferenceStep(double loss, ParameterSet gradient, double[] logpChosen, double[] logpRejected,
                             int[] lenChosen, int[] lenRejected) {
}
