package dev.gramian.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One object read from a JSON Lines file, with where it came from so that later checks (a heat-map
 * matrix of the wrong shape, say) can still name the file and line at fault.
 *
 * @param file the file it was read from
 * @param line its 1-based line number
 * @param value the object on that line
 */
public record JsonLine(Path file, long line, ObjectNode value) {
    public JsonLine {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(value, "value");
        if (line < 1) {
            throw new IllegalArgumentException("line numbers start at 1: " + line);
        }
    }

    /** The field {@code name} if it is a number, otherwise NaN (absent, {@code null} or not a number). */
    public double number(String name) {
        JsonNode node = value.get(name);
        return node != null && node.isNumber() ? node.doubleValue() : Double.NaN;
    }

    /** An input error that names this file and line. */
    public GramianException error(String problem) {
        return GramianException.input(file.toString(), line, problem);
    }
}
