package dev.gramian.runs.progress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Reports the progress of one task of known length, e.g. the steps of a training phase. Create one
 * with {@link #start}; call {@link #update} as work is done and {@link #close} at the end.
 */
public abstract class Progress implements AutoCloseable {
    /** How progress is shown. */
    public enum Style {
        /** A bar redrawn in place (stderr is a terminal). */
        BAR,
        /** A line at every tenth of the work (no terminal). */
        LINES,
        /** Nothing ({@code --quiet}). */
        SILENT
    }

    private final String task;
    private final long total;
    private final boolean verbose;
    private final LongSupplier clock;
    private final long startNanos;
    private final long startDone;

    Progress(String task, long startDone, long total, boolean verbose, LongSupplier clock) {
        this.task = task;
        this.total = total;
        this.verbose = verbose;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.startDone = startDone;
    }

    /**
     * Starts reporting {@code task}, which has {@code startDone} of {@code total} units done already
     * (a resumed run), on {@code err}.
     *
     * @param verbose also print every logged metrics row
     */
    public static Progress start(Style style, String task, long startDone, long total, boolean verbose,
                                 PrintWriter err) {
        return switch (style) {
            case BAR -> new ProgressBar(task, startDone, total, verbose, System::nanoTime, err);
            case LINES -> new ProgressLines(task, startDone, total, verbose, System::nanoTime, err);
            case SILENT -> new ProgressLines(task, startDone, total, false, System::nanoTime, null);
        };
    }

    /** The style for this process: a bar on a terminal, lines otherwise, nothing when quiet. */
    public static Style styleFor(boolean quiet) {
        return quiet ? Style.SILENT : System.console() != null ? Style.BAR : Style.LINES;
    }

    /** {@code done} of the total units are done. */
    public abstract void update(long done);

    /** A metrics row was logged at {@code step}; shown only when verbose. */
    public final void logged(long step, Map<String, Double> metrics) {
        if (verbose) {
            detail(task + " step " + step + ": " + metrics.entrySet().stream()
                    .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4g", e.getValue()))
                    .collect(Collectors.joining(" ")));
        }
    }

    /** Prints one line of detail without disturbing the progress display. */
    abstract void detail(String line);

    @Override
    public abstract void close();

    /** {@code "task 120/1000 (12%) 35.2 it/s ETA 0:25"}, the text both styles show. */
    final String status(long done) {
        double seconds = (clock.getAsLong() - startNanos) / 1e9;
        double rate = seconds > 0 ? (done - startDone) / seconds : 0;
        String eta = rate > 0 ? duration((total - done) / rate) : "?";
        return String.format(Locale.ROOT, "%s %d/%d (%d%%) %.1f it/s, elapsed %s, ETA %s", task, done, total,
                100 * done / total, rate, duration(seconds), eta);
    }

    final long total() {
        return total;
    }

    final String task() {
        return task;
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
