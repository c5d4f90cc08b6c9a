package dev.gramian.runs.progress;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/** Plain lines for logs and pipes: one at every tenth of the work, and the last. {@code null} output: silent. */
final class ProgressLines extends Progress {
    private final PrintWriter err;
    private long nextTenth;

    ProgressLines(String task, long startDone, long total, boolean verbose, LongSupplier clock, PrintWriter err) {
        super(task, startDone, total, verbose, clock);
        this.err = err;
        this.nextTenth = startDone * 10 / total + 1;
    }

    @Override
    public void update(long done) {
        if (err != null && done * 10 >= nextTenth * total()) {
            nextTenth = done * 10 / total() + 1;
            err.println(status(done));
            err.flush();
        }
    }

    @Override
    void detail(String line) {
        if (err != null) {
            err.println(line);
            err.flush();
        }
    }

    @Override
    public void close() {
        // every line is complete when printed
    }
}
