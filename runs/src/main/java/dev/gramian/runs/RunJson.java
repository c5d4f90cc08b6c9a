package dev.gramian.runs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.AtomicFile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The JSON rules of a run directory, stated once: a number that is not finite is written as
 * {@code null} (in whole files, in JSON Lines rows and inside lists); whole files are pretty-printed
 * and written atomically; JSON Lines files hold one object per line; reading is strict (two values on
 * one line are an error) and every error names the file and line.
 */
public final class RunJson {
    /** Strict about trailing tokens: two objects on one line are a malformed line, not the first one. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private RunJson() {
    }

    /** Puts {@code value} under {@code key}, or {@code null} when it is not finite. */
    public static void putNumber(ObjectNode target, String key, double value) {
        if (Double.isFinite(value)) {
            target.put(key, value);
        } else {
            target.putNull(key);
        }
    }

    /** Puts every metric into {@code target} in the map's order, non-finite values as {@code null}. */
    public static void putNumbers(ObjectNode target, Map<String, Double> metrics) {
        metrics.forEach((key, value) -> putNumber(target, key, value));
    }

    /**
     * The JSON text of one JSON Lines row, without the line break: doubles and floats as numbers or
     * {@code null} when not finite, lists as arrays (the same rule inside), anything else as Jackson
     * writes it.
     */
    public static String line(Map<String, ?> row) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            for (Map.Entry<String, ?> field : row.entrySet()) {
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

    /** Writes {@code value} to {@code file} pretty-printed with a final line break, atomically. */
    public static void writeFile(Path file, JsonNode value) {
        AtomicFile.write(file, out -> {
            out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
            out.write('\n');
        });
    }

    /**
     * Parses a whole JSON file, or returns a missing node when there is no such file.
     *
     * @throws GramianException (input) naming the file and line of malformed JSON
     */
    public static JsonNode readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            long line = location == null ? 0 : Math.max(0, location.getLineNr());
            throw GramianException.input(file.toString(), line, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * Parses {@code text}, a JSON value read from line {@code line} of {@code file} (0: the whole file).
     *
     * @throws GramianException (input) naming the file and line
     */
    public static JsonNode parse(Path file, long line, String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw GramianException.input(file.toString(), line, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Reads a JSON Lines file: one object per non-blank line, with its line number.
     *
     * @throws GramianException (input) naming the file and line of a line that is not one JSON object
     */
    public static List<JsonLine> readLines(Path file) {
        List<JsonLine> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long number = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node = parse(file, number, text);
                if (!(node instanceof ObjectNode object)) {
                    throw GramianException.input(file.toString(), number,
                            "expected one JSON object per line, found "
                                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
                }
                lines.add(new JsonLine(file, number, object));
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return lines;
    }

    /**
     * Drops, atomically, the rows of the JSON Lines {@code file} that a run resumed from step
     * {@code resumedStep} logs again: the rows that {@code resumedPhase} accepts and whose
     * {@code step} is greater. Other rows, and rows without a step, are kept as they were written;
     * blank lines are not. A missing file is left missing.
     *
     * @throws GramianException (input) naming the file, and the line of a row that is not JSON
     */
    public static void dropRowsAfter(Path file, long resumedStep, Predicate<JsonNode> resumedPhase) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        long number = 0;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        for (String line : lines) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = parse(file, number, line);
            if (!resumedPhase.test(row) || row.path("step").asLong() <= resumedStep) {
                kept.add(line);
            }
        }
        AtomicFile.write(file, out -> {
            for (String line : kept) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private static GramianException unreadable(Path file, IOException e) {
        return new GramianException(GramianException.Category.INPUT, file + ": cannot read: " + e.getMessage(), e);
    }
}
