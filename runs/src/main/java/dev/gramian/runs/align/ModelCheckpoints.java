package dev.gramian.runs.align;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.model.LanguageModelConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a language model's shape is stored: as a checkpoint's {@code modelConfig} text and as the
 * {@code model} object of {@code config.json}, with the same keys ({@code vocabulary},
 * {@code context}, {@code layers}, {@code width}, {@code heads}, {@code mlp}).
 */
public final class ModelCheckpoints {
    private ModelCheckpoints() {
    }

    /** The shape as a checkpoint's model configuration. */
    public static Map<String, String> modelConfig(LanguageModelConfig shape) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("vocabulary", Integer.toString(shape.vocabularySize()));
        text.put("context", Integer.toString(shape.context()));
        text.put("layers", Integer.toString(shape.layers()));
        text.put("width", Integer.toString(shape.width()));
        text.put("heads", Integer.toString(shape.heads()));
        text.put("mlp", Integer.toString(shape.mlpWidth()));
        return text;
    }

    /** The shape as config.json's {@code model} object. */
    public static ObjectNode describe(LanguageModelConfig shape) {
        ObjectNode model = JsonNodeFactory.instance.objectNode();
        modelConfig(shape).forEach((key, value) -> model.put(key, Integer.parseInt(value)));
        return model;
    }

    /**
     * The shape stored in {@code checkpoint}, read from {@code file}.
     *
     * @throws GramianException (input) naming the file and the missing or bad key
     */
    public static LanguageModelConfig shape(Checkpoint checkpoint, Path file) {
        Map<String, String> text = checkpoint.modelConfig();
        try {
            return new LanguageModelConfig(number(text, "vocabulary", file), number(text, "context", file),
                    number(text, "layers", file), number(text, "width", file), number(text, "heads", file),
                    number(text, "mlp", file));
        } catch (IllegalArgumentException e) {
            throw GramianException.input(file.toString(), 0, "checkpoint holds an invalid model shape: "
                    + e.getMessage());
        }
    }

    private static int number(Map<String, String> text, String key, Path file) {
        String value = text.get(key);
        if (value == null) {
            throw GramianException.input(file.toString(), 0, "checkpoint has no model configuration key '" + key
                    + "'; it must come from gramian sft or align");
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw GramianException.input(file.toString(), 0, "checkpoint model configuration '" + key + "' is '"
                    + value + "', not an integer");
        }
    }
}
