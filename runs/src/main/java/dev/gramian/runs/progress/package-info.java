/**
 * Progress of long work on stderr: a one-line bar with rate and ETA, redrawn in place, when the
 * process has a terminal; plain periodic lines when it has none (piped, or run by a test); nothing
 * under {@code --quiet}. {@code --verbose} adds each logged metrics row. The jobs of
 * {@code dev.gramian.runs.align} and {@code dev.gramian.runs.dg} report through a
 * {@link dev.gramian.runs.progress.Progress} started from the {@link dev.gramian.runs.progress.ProgressDisplay}
 * the command line builds from its flags.
 */
package dev.gramian.runs.progress;
