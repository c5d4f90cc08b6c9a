package dev.gramian.cli.probe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException;
import dev.gramian.api.probe.MetricSink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The probes' tables of a run directory: each row a probe records with
 * {@link MetricSink#row(String, Map)} becomes one line of {@code <table>.jsonl}, written whole and
 * flushed; non-finite numbers, also inside lists, are written as {@code null}. A fresh run truncates
 * a table the first time it writes to it; a resumed run appends. Scalars are not this sink's
 * business (they go to {@code metrics.jsonl} with the step) and are rejected.
 */
public final class TableFiles implements MetricSink, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final boolean append;
    private final Map<String, BufferedWriter> open = new HashMap<>();

    /**
     * @param directory the run directory
     * @param append    whether to append to existing tables (when resuming) rather than replace them
     */
    public TableFiles(Path directory, boolean append) {
        this.directory = directory;
        this.append = append;
    }

    @Override
    public void scalar(String name, double value) {
        throw new UnsupportedOperationException("scalar " + name + " belongs in metrics.jsonl, not a table");
    }

    @Override
    public void row(String table, Map<String, Object> row) {
        Path file = directory.resolve(table + ".jsonl");
        try {
            BufferedWriter out = open.get(table);
            if (out == null) {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND
                                : StandardOpenOption.TRUNCATE_EXISTING);
                open.put(table, out);
            }
            out.write(line(row));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw GramianException.input(file.toString(), 0, "cannot append a row (" + e.getMessage() + ")");
        }
    }

    /** The JSON text of one row, without the line break. */
    static String line(Map<String, Object> row) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            for (Map.Entry<String, Object> field : row.entrySet()) {
                json.writeFieldName(field.getKey());
                write(json, field.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                json.writeNumber(number);
            } else {
                json.writeNull();
            }
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                write(json, item);
            }
            json.writeEndArray();
        } else {
            json.writeObject(value);
        }
    }

    @Override
    public void close() {
        for (Map.Entry<String, BufferedWriter> table : open.entrySet()) {
            try {
                table.getValue().close();
            } catch (IOException e) {
                throw GramianException.input(directory.resolve(table.getKey() + ".jsonl").toString(), 0,
                        "cannot close (" + e.getMessage() + ")");
            }
        }
        open.clear();
    }
}
