package dev.gramian.cli.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends one JSON object per logged step to {@code metrics.jsonl}:
 * {@code {"step": 20, "phase": "align", "loss": 0.61, ...}}, each line written whole and flushed,
 * so a killed run leaves only complete lines. Non-finite values are written as {@code null}.
 */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeNumberField("step", step);
            json.writeStringField("phase", phase);
            for (Map.Entry<String, Double> metric : metrics.entrySet()) {
                double value = metric.getValue();
                if (Double.isFinite(value)) {
                    json.writeNumberField(metric.getKey(), value);
                } else {
                    json.writeNullField(metric.getKey());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
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
