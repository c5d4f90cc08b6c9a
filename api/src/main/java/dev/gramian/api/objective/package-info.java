/**
 * Margin-based preference objectives. A {@link dev.gramian.api.objective.MarginLoss} is a pure
 * function of one pair's {@link dev.gramian.api.objective.PairTerms} (log-probabilities of the chosen
 * and rejected responses, the reference model's, and the response lengths), written against the
 * scalar algebra. {@link dev.gramian.api.objective.MarginLoss#evaluate} runs it on dual numbers to
 * get the loss and its exact derivatives with respect to the two log-probabilities: the per-pair
 * weights of the gradient-entanglement law. A {@link dev.gramian.api.objective.BatchLoss} is the
 * other kind of {@link dev.gramian.api.objective.Objective}: a function of the whole batch (AOT sorts
 * its margins), evaluated the same way with per-pair derivatives. Preference pairs and data sets live here too; the rules
 * that turn a loss on a batch into an alignment step live in {@code dev.gramian.api.alignment}, so
 * that this package depends on no model. Weighted sums of objectives ({@link
 * dev.gramian.api.objective.MarginLossSum}, or {@link dev.gramian.api.objective.BatchLossSum} when a
 * component is a batch loss) are objectives too; {@link dev.gramian.api.plugin.ObjectiveSpec}, beside
 * the catalog it creates plugins from (so that this package depends on no catalog), builds them from
 * {@code --objective dpo:0.8,sft:1.0}.
 */
package dev.gramian.api.objective;
