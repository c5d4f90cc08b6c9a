package dev.gramian.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.api.GramianException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends one JSON object per logged step to {@code metrics.jsonl}:
 * {@code {"step": 20, "phase": "align", "loss": 0.61, ...}}, each line written whole and flushed,
 * so a killed run leaves only complete lines. Non-finite values are written as {@code null}
 * ({@link RunJson}). {@link #read} reads the file back as {@link MetricRow}s.
 */
public final class MetricsLog implements AutoCloseable {
    /** The key of a row's step. */
    public static final String STEP = "step";
    /** The key of a row's phase. */
    public static final String PHASE = "phase";

    private final Path file;
    private final BufferedWriter out;

    MetricsLog(Path file) {
        this.file = file;
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw GramianException.input(file.toString(), 0, "cannot open for appending (" + e.getMessage() + ")");
        }
    }

    /** Appends the metrics of {@code step} in {@code phase} as one line and flushes it. */
    public void append(long step, String phase, Map<String, Double> metrics) {
        try {
            out.write(line(step, phase, metrics));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw GramianException.input(file.toString(), 0, "cannot append metrics (" + e.getMessage() + ")");
        }
    }

    /** The JSON text of one row, without the line break. */
    static String line(long step, String phase, Map<String, Double> metrics) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(STEP, step);
        row.put(PHASE, phase);
        row.putAll(metrics);
        return RunJson.line(row);
    }

    /**
     * Reads a {@code metrics.jsonl} file: one row per non-blank line, {@code null} values as NaN,
     * non-numeric fields other than the phase ignored.
     *
     * @throws GramianException (input) naming the file and line of a malformed row or one without an
     *                          integer step
     */
    public static List<MetricRow> read(Path file) {
        return RunJson.readLines(file).stream().map(MetricsLog::row).toList();
    }

    private static MetricRow row(JsonLine line) {
        JsonNode step = line.value().get(STEP);
        if (step == null || !step.canConvertToLong() || !step.isIntegralNumber()) {
            throw line.error("a metrics row needs an integer \"step\"");
        }
        JsonNode phase = line.value().get(PHASE);
        Map<String, Double> values = new LinkedHashMap<>();
        line.value().fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            String metric = field.getKey();
            if (metric.equals(STEP) || metric.equals(PHASE)) {
                return;
            }
            if (value.isNumber()) {
                values.put(metric, value.doubleValue());
            } else if (value.isNull()) {
                values.put(metric, Double.NaN);
            }
        });
        return new MetricRow(step.longValue(), phase != null && phase.isTextual() ? phase.textValue() : "", values);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw GramianException.input(file.toString(), 0, "cannot close (" + e.getMessage() + ")");
        }
    }
}
