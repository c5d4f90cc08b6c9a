/**
 * Gradient probes and alignment rules on the command line: {@link dev.gramian.cli.probe.ProbeOptions}
 * ({@code --rule}, {@code -R}, {@code --probe}, {@code --probe-pairs}) for {@code gramian align} and
 * the demos, {@link dev.gramian.cli.probe.AlignmentExtras} that turns them into the trainer's rule
 * and step observer, and {@link dev.gramian.cli.probe.TableFiles}, the probes' per-item tables as
 * {@code <table>.jsonl} files of a run directory.
 */
package dev.gramian.cli.probe;
