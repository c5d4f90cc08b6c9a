package dev.gramian.tokenizers.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.api.GramianException;

import java.util.Locale;

/**
 * Typed access to the fields of one JSON file whose failures are input errors naming the file and
 * the JSON path of the value at fault, e.g. {@code tokenizer.json: $.model.merges[3]: ...}.
 */
final class JsonFields {
    private final String source;

    JsonFields(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    GramianException error(String path, String problem) {
        return GramianException.input(source, 0, path + ": " + problem);
    }

    /** The object at {@code path}. */
    JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw error(path, "expected an object, found " + kind(node));
        }
        return node;
    }

    /** The array at {@code path}. */
    JsonNode array(JsonNode node, String path) {
        if (node == null || !node.isArray()) {
            throw error(path, "expected an array, found " + kind(node));
        }
        return node;
    }

    /** A required string field. */
    String string(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual()) {
            throw error(path + "." + field, "expected a string, found " + kind(value));
        }
        return value.textValue();
    }

    /** An optional string field; null when absent or JSON null. */
    String optionalString(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw error(path + "." + field, "expected a string or null, found " + kind(value));
        }
        return value.textValue();
    }

    /** An optional boolean field. */
    boolean bool(JsonNode parent, String field, boolean absent, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw error(path + "." + field, "expected true or false, found " + kind(value));
        }
        return value.booleanValue();
    }

    /** A non-negative int node. */
    int index(JsonNode value, String path) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw error(path, "expected a non-negative integer, found " + kind(value));
        }
        return value.intValue();
    }

    /** The {@code type} of a component object. */
    String type(JsonNode node, String path) {
        return string(object(node, path), "type", path);
    }

    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "the string \"" + abbreviate(node.textValue()) + "\"";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
