/**
 * The domain-generalisation job: {@link dev.gramian.runs.dg.DgRunner} creates the plugins of a
 * {@link dev.gramian.runs.dg.DgSpec}, trains with the {@code DomainTrainer} of {@code objectives-fish}
 * into a run directory (one {@code metrics.jsonl} row per probed or evaluated step), checkpoints the
 * whole trainer state after every evaluation and resumes from it with the same metrics as an
 * uninterrupted run. {@link dev.gramian.runs.dg.FixedBatchLearner} serves benchmarks identical work.
 */
package dev.gramian.runs.dg;
