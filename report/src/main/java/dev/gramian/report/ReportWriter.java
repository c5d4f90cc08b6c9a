package dev.gramian.report;

import dev.gramian.api.GramianException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.gramian.report.chart.ReportCharts;
import dev.gramian.report.chart.StudyCharts;
import dev.gramian.report.html.ReportPage;
import dev.gramian.report.html.StudyPage;
import dev.gramian.report.plot.Palette;
import dev.gramian.report.study.Study;
import dev.gramian.report.study.StudyRow;
import dev.gramian.runs.RecordedRun;
import dev.gramian.runs.RunDirectory;
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
 * Writes {@code report.html} for one or more run directories (docs/run-directory.md). One run gets
 * its configuration, summary and charts of whatever it recorded — alignment metrics, entanglement
 * probes, domain generalisation — one chart per phase. Several runs are a study: a demo's directory
 * (given alone, or as the directory the report is written to, holding the runs and the demo's
 * {@code summary.json}), or plain runs side by side. A study's page opens with its summary table,
 * then the configuration that differs, then small multiples per group (see {@link Study}). The page
 * is self-contained (inline styles and script, SVG charts, PNG heat maps as {@code data:} URIs) and
 * is written atomically. Heat maps are drawn with Java 2D in headless mode.
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
        writeAtomically(output, render(runDirs, output.toAbsolutePath().getParent()));
        return output;
    }

    /**
     * The report of {@code runDirs} as an HTML document, without writing it.
     *
     * @param runDirs one or more run directories; with several, their metrics are overlaid
     * @return the complete page
     */
    public String render(List<Path> runDirs) {
        return render(runDirs, null);
    }

    /** The page; {@code home} is the directory the page goes to, a demo's when it holds the runs. */
    private String render(List<Path> runDirs, Path home) {
        if (runDirs.isEmpty()) {
            throw GramianException.usage("a report needs at least one run directory");
        }
        Path first = runDirs.get(0).toAbsolutePath().normalize();
        if (runDirs.size() == 1 && isStudy(first)) {
            List<RecordedRun> all = read(RunReader.runsInside(first));
            Study study = study(first, all);
            List<RecordedRun> described = study.runRows().stream().map(StudyRow::run).distinct().toList();
            if (!described.isEmpty() && described.size() < all.size()) {
                study = study(first, described);
            }
            return renderStudy(study);
        }
        List<RecordedRun> runs = read(runDirs);
        if (runs.size() == 1) {
            return ReportPage.render(runs, charts.draw(runs));
        }
        Path parent = home == null ? null : home.normalize();
        boolean inStudy = parent != null && RunReader.isRun(parent)
                && runs.stream().allMatch(run -> parent.equals(run.path().getParent()));
        return renderStudy(inStudy ? study(parent, runs)
                : Study.of(String.join(", ", runs.stream().map(RecordedRun::name).toList()), MissingNode.getInstance(),
                        MissingNode.getInstance(), runs));
    }

    /** A directory that is no run itself (no metrics) but holds runs: a demo's. */
    private static boolean isStudy(Path dir) {
        return Files.isDirectory(dir) && !Files.isRegularFile(dir.resolve(RunDirectory.METRICS))
                && !RunReader.runsInside(dir).isEmpty();
    }

    private List<RecordedRun> read(List<Path> dirs) {
        return distinctNames(dirs.stream().map(reader::read).toList());
    }

    private static Study study(Path dir, List<RecordedRun> runs) {
        JsonNode summary = RunDirectory.readSummary(dir);
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        return Study.of(name, RunDirectory.readConfig(dir), summary, runs);
    }

    private static String renderStudy(Study study) {
        Palette palette = Palette.of(study.variants());
        return StudyPage.render(study, palette, StudyCharts.draw(study, palette));
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
