package dev.gramian.runs;

import dev.gramian.api.GramianException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a run directory into a {@link RecordedRun}, through the classes that write each file
 * ({@link RunDirectory} for {@code config.json} and {@code summary.json}, {@link MetricsLog} for
 * {@code metrics.jsonl}, {@link TableFiles} for the probe tables). A directory is a run if it has
 * {@code metrics.jsonl} or {@code summary.json}; {@code config.json} and the tables are optional.
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
        Path summaryFile = absolute.resolve(RunDirectory.SUMMARY);
        if (!Files.isRegularFile(metricsFile) && !Files.isRegularFile(summaryFile)) {
            throw GramianException.input(dir.toString(), 0,
                    "not a run directory: it has neither " + RunDirectory.METRICS + " nor " + RunDirectory.SUMMARY);
        }
        Path fileName = absolute.getFileName();
        String name = fileName == null ? absolute.toString() : fileName.toString();
        List<MetricRow> metrics = Files.isRegularFile(metricsFile) ? MetricsLog.read(metricsFile) : List.of();
        return new RecordedRun(name, absolute, RunDirectory.readConfig(absolute), metrics,
                RunDirectory.readSummary(absolute), TableFiles.read(absolute));
    }
}
