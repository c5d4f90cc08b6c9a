/**
 * Runs gradient probes on margin-loss alignment: {@link
 * dev.gramian.objectives.margin.probing.ProbingObserver} measures a fixed probe set's geometry
 * around the steps of an {@link dev.gramian.objectives.margin.align.AlignmentTrainer} (scores before
 * and after, fast Gram with the step's batch, exact loss weights, the batch law's prediction) and
 * hands it to the probes; {@link dev.gramian.objectives.margin.probing.PairAudit} measures the same
 * geometry without training, for {@code gramian probe}. The probes themselves only interpret.
 * {@link dev.gramian.objectives.margin.probing.GramBenchmark} and
 * {@link dev.gramian.objectives.margin.probing.ProbeCostBenchmark} time what probing costs next to a
 * training step, on whatever backend they are given.
 */
package dev.gramian.objectives.margin.probing;
