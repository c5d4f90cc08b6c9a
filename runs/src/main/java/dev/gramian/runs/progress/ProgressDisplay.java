package dev.gramian.runs.progress;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * How a process shows the progress of its jobs: the style, whether every logged metrics row is
 * printed too, and the stream it goes to. The command line builds one from {@code --quiet} and
 * {@code --verbose}; jobs start a {@link Progress} per task from it.
 *
 * @param style   a bar, lines or nothing
 * @param verbose also print every logged metrics row
 * @param err     where progress goes (standard error)
 */
public record ProgressDisplay(Progress.Style style, boolean verbose, PrintWriter err) {
    public ProgressDisplay {
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(err, "err");
    }

    /** The display the flags ask for: a bar on a terminal, lines otherwise, nothing when quiet. */
    public static ProgressDisplay of(boolean quiet, boolean verbose, PrintWriter err) {
        return new ProgressDisplay(Progress.styleFor(quiet), verbose, err);
    }

    /** Starts reporting {@code task}, which has {@code startDone} of {@code total} units done already. */
    public Progress start(String task, long startDone, long total) {
        return Progress.start(style, task, startDone, total, verbose, err);
    }
}
