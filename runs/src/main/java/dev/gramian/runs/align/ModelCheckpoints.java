package dev.gramian.runs.align;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.model.LanguageModelConfig;

import java.nio.file.Path;
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
        return shape.toModelConfig();
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
        try {
            return LanguageModelConfig.fromModelConfig(checkpoint.modelConfig());
        } catch (IllegalArgumentException e) {
            throw GramianException.input(file.toString(), 0, "checkpoint holds an invalid model shape: "
                    + e.getMessage());
        }
    }
}
