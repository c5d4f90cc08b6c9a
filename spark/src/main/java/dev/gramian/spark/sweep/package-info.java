/**
 * Sweeps: a grid of settings of {@code gramian align} or {@code gramian dg}, planned and checked in
 * full before anything runs ({@link dev.gramian.spark.sweep.SweepPlan}), each configuration one Spark
 * task that runs the ordinary command in the executor's JVM and writes an ordinary run directory
 * ({@link dev.gramian.spark.sweep.SweepTask}), and the sweep's own files read back from those:
 * {@code sweep.jsonl}, {@code summary.json} for the report, and the DomainBed table of a dg sweep.
 */
package dev.gramian.spark.sweep;
