/**
 * Progress of long work on stderr: a one-line bar with rate and ETA, redrawn in place, when the
 * process has a terminal; plain periodic lines when it has none (piped, or run by a test); nothing
 * under {@code --quiet}. {@code --verbose} adds each logged metrics row. The training commands of
 * {@code dev.gramian.cli.align} report through {@link dev.gramian.cli.progress.Progress}.
 */
package dev.gramian.cli.progress;
