package dev.gramian.runs.progress;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    @Test
    void plainLinesAtEveryTenthWithRateAndEta() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        try (Progress progress = new ProgressLines("sft", 0, 100, false, clock::get, new PrintWriter(text))) {
            for (int done = 1; done <= 100; done++) {
                clock.addAndGet(100_000_000L); // 10 steps a second
                progress.update(done);
            }
        }
        String[] lines = text.toString().split("\n");
        assertEquals(10, lines.length, text::toString);
        assertEquals("sft 10/100 (10%) 10.0 it/s, elapsed 0:01, ETA 0:09", lines[0]);
        assertEquals("sft 100/100 (100%) 10.0 it/s, elapsed 0:10, ETA 0:00", lines[9]);
    }

    @Test
    void aResumedTaskCountsOnlyTheRemainingWork() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress progress = new ProgressLines("align", 50, 100, false, clock::get, new PrintWriter(text));
        clock.set(5_000_000_000L);
        progress.update(60);
        assertEquals("align 60/100 (60%) 2.0 it/s, elapsed 0:05, ETA 0:20\n", text.toString());
    }

    @Test
    void verboseAddsMetricRowsAndSilentPrintsNothing() {
        StringWriter text = new StringWriter();
        try (Progress verbose = Progress.start(Progress.Style.LINES, "align", 0, 10, true, new PrintWriter(text))) {
            verbose.logged(10, Map.of("loss", 0.5));
        }
        assertEquals("align step 10: loss=0.5000\n", text.toString());
        StringWriter none = new StringWriter();
        try (Progress silent = Progress.start(Progress.Style.SILENT, "align", 0, 10, true, new PrintWriter(none))) {
            silent.update(10);
            silent.logged(10, Map.of("loss", 0.5));
        }
        assertEquals("", none.toString());
    }

    @Test
    void theBarRedrawsInPlace() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        try (Progress bar = new ProgressBar("sft", 0, 4, false, clock::get, new PrintWriter(text))) {
            for (int done = 1; done <= 4; done++) {
                clock.addAndGet(1_000_000_000L);
                bar.update(done);
            }
        }
        assertTrue(text.toString().startsWith("\r#######"), text::toString);
        assertTrue(text.toString().contains("\r" + "#".repeat(30) + " sft 4/4 (100%) 1.0 it/s"), text::toString);
        assertTrue(text.toString().endsWith("\n"), text::toString);
    }
}
