/**
 * Margin-based preference objectives. A {@link dev.gramian.api.objective.MarginLoss} is a pure
 * function of one pair's {@link dev.gramian.api.objective.PairTerms} (log-probabilities of the chosen
 * and rejected responses, the reference model's, and the response lengths), written against the
 * scalar algebra. {@link dev.gramian.api.objective.MarginLoss#evaluate} runs it on dual numbers to
 * get the loss and its exact derivatives with respect to the two log-probabilities: the per-pair
 * weights of the gradient-entanglement law. An {@link dev.gramian.api.objective.AlignmentRule} turns
 * a loss on a batch into the update direction of an alignment step (plain gradient or a mitigation
 * of gradient entanglement). {@link dev.gramian.api.objective.ObjectiveSpec} reads what
 * {@code --objective} names, one plugin or a weighted sum of several ({@link
 * dev.gramian.api.objective.MarginLossSum}, itself a margin loss), and routes options to components.
 */
package dev.gramian.api.objective;
