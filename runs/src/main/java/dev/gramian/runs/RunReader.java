package dev.gramian.runs;

import dev.gramian.api.GramianException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a run directory into a {@link RecordedRun}, through the classes that write each file
 * ({@link RunDirectory} for {@code config.json} and {@code summary.json}, {@link MetricsLog} for
 * {@code metrics.jsonl}, {@link TableFiles} for the probe tables). A directory is a run if it has
 * {@code metrics.jsonl} or {@code summary.json}; {@code config.json} and the tables are optional.
 * A demo's directory is itself a run (its {@code summary.json} is one row per run) that holds run
 * directories; {@link #runsInside(Path)} finds them.
 */
public final class RunReader {

    /**
     * Reads the run in {@code dir}, labelled with the directory's name.
     *
     * @throws GramianException (input) naming the directory when it is not a run, or the file and line
     *                          of malformed JSON
     */
    public RecordedRun read(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw GramianException.input(dir.toString(), 0, "not a directory");
        }
        Path metricsFile = absolute.resolve(RunDirectory.METRICS);
        if (!isRun(absolute)) {
            throw GramianException.input(dir.toString(), 0,
                    "not a run directory: it has neither " + RunDirectory.METRICS + " nor " + RunDirectory.SUMMARY);
        }
        Path fileName = absolute.getFileName();
        String name = fileName == null ? absolute.toString() : fileName.toString();
        List<MetricRow> metrics = Files.isRegularFile(metricsFile) ? MetricsLog.read(metricsFile) : List.of();
        return new RecordedRun(name, absolute, RunDirectory.readConfig(absolute), metrics,
                RunDirectory.readSummary(absolute), TableFiles.read(absolute));
    }

    /** Whether {@code dir} is a run directory: it has {@code metrics.jsonl} or {@code summary.json}. */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDirectory.METRICS)) || Files.isRegularFile(dir.resolve(RunDirectory.SUMMARY));
    }

    /**
     * The run directories directly inside {@code dir} (a demo's runs beside its own summary), sorted
     * by name; empty when there are none.
     *
     * @throws GramianException (input) naming the directory when it cannot be listed
     */
    public static List<Path> runsInside(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).filter(RunReader::isRun).sorted().toList();
        } catch (IOException e) {
            throw GramianException.input(dir.toString(), 0, "cannot list the directory (" + e.getMessage() + ")");
        }
    }
}
