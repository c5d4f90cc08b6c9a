package dev.gramian.runs.progress;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/** A bar redrawn in place with a carriage return, at most five times a second. */
final class ProgressBar extends Progress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final LongSupplier clock;
    private long lastDraw = Long.MIN_VALUE;
    private long done;
    private long drawn = -1;

    ProgressBar(String task, long startDone, long total, boolean verbose, LongSupplier clock, PrintWriter err) {
        super(task, startDone, total, verbose, clock);
        this.err = err;
        this.clock = clock;
        this.done = startDone;
    }

    @Override
    public void update(long done) {
        this.done = done;
        long now = clock.getAsLong();
        if (done == total() || lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw();
        }
    }

    private void draw() {
        drawn = done;
        int filled = (int) (WIDTH * done / total());
        err.print("\r" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + " " + status(done) + "\u001b[K");
        err.flush();
    }

    @Override
    void detail(String line) {
        err.print("\r\u001b[K");
        err.println(line);
        draw();
    }

    @Override
    public void close() {
        if (drawn != done) {
            draw();
        }
        err.println();
        err.flush();
    }
}
