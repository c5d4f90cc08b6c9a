package dev.gramian.report;

import dev.gramian.api.GramianException;
import dev.gramian.report.chart.ReportCharts;
import dev.gramian.report.html.ReportPage;
import dev.gramian.runs.RecordedRun;
import dev.gramian.runs.RunReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code report.html} for one or more run directories (docs/run-directory.md): each run's
 * configuration and summary, and charts of whatever the runs recorded — alignment metrics,
 * entanglement probes, domain generalisation — with several runs overlaid on the same axes,
 * labelled by directory name. The page is self-contained (inline styles, PNG charts as
 * {@code data:} URIs) and is written atomically. Charts are drawn with Java 2D in headless mode.
 *
 * <p>Failures are {@link GramianException}s of category {@code INPUT} naming the file and line at
 * fault: a directory that is not a run, a malformed JSON line, an unreadable or unwritable file.
 */
public final class ReportWriter {
    /** The report's file name inside a run directory. */
    public static final String REPORT_FILE = "report.html";

    private final RunReader reader = new RunReader();
    private final ReportCharts charts = new ReportCharts();

    /**
     * Writes the report of {@code runDirs} to {@code report.html} in the first of them.
     *
     * @param runDirs one or more run directories; with several, their metrics are overlaid
     * @return the path of the report written
     */
    public Path write(List<Path> runDirs) {
        if (runDirs.isEmpty()) {
            throw GramianException.usage("a report needs at least one run directory");
        }
        return write(runDirs, runDirs.get(0).resolve(REPORT_FILE));
    }

    /**
     * Writes the report of {@code runDirs} to {@code output}, replacing it if it exists.
     *
     * @param runDirs one or more run directories; with several, their metrics are overlaid
     * @param output where to write the page; its parent directory must exist
     * @return {@code output}
     */
    public Path write(List<Path> runDirs, Path output) {
        writeAtomically(output, render(runDirs));
        return output;
    }

    /**
     * The report of {@code runDirs} as an HTML document, without writing it.
     *
     * @param runDirs one or more run directories; with several, their metrics are overlaid
     * @return the complete page
     */
    public String render(List<Path> runDirs) {
        if (runDirs.isEmpty()) {
            throw GramianException.usage("a report needs at least one run directory");
        }
        List<RecordedRun> runs = distinctNames(runDirs.stream().map(reader::read).toList());
        return ReportPage.render(runs, charts.draw(runs));
    }

    /** Two directories with the same name (a/run, b/run) are labelled by their parent too. */
    private static List<RecordedRun> distinctNames(List<RecordedRun> runs) {
        Map<String, Integer> counts = new HashMap<>();
        runs.forEach(run -> counts.merge(run.name(), 1, Integer::sum));
        List<RecordedRun> named = new ArrayList<>();
        for (RecordedRun run : runs) {
            Path parent = run.path().getParent();
            boolean clash = counts.get(run.name()) > 1 && parent != null && parent.getFileName() != null;
            named.add(clash ? run.named(parent.getFileName() + "/" + run.name()) : run);
        }
        return named;
    }

    private static void writeAtomically(Path output, String html) {
        Path absolute = output.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, ".report-", ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new GramianException(GramianException.Category.INPUT,
                    output + ": cannot write the report: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The write already failed; that is the error worth reporting.
            }
        }
    }
}
