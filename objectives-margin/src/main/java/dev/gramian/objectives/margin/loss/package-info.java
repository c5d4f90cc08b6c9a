/**
 * The margin-loss family of RESEARCH.md §1 (DPO and its relatives), one record per loss, each
 * written once against {@link dev.gramian.api.algebra.ScalarAlgebra} so that it runs on doubles,
 * on dual numbers (exact per-pair derivatives) and on graph tensors. Every loss has an
 * {@code OBJECTIVE} plugin provider here ({@code DpoLossProvider} for {@code dpo}, ...) declaring
 * its options and defaults; the records validate their options again when built directly. The
 * losses that TRL lets choose an f-divergence take an {@link
 * dev.gramian.objectives.margin.loss.FDivergence}, which maps log-ratios to the scores they read. The
 * alignment trainer and preference data of this module use these losses through the api's
 * {@link dev.gramian.api.objective.MarginLoss}.
 */
package dev.gramian.objectives.margin.loss;
