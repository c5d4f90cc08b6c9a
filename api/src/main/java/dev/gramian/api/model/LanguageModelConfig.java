package dev.gramian.api.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shape of a causal decoder-only Transformer language model.
 *
 * @param vocabularySize number of token ids
 * @param context        maximum sequence length
 * @param layers         number of Transformer blocks
 * @param width          model (embedding) width
 * @param heads          attention heads; must divide {@code width}
 * @param mlpWidth       hidden width of each block's MLP
 */
public record LanguageModelConfig(int vocabularySize, int context, int layers, int width, int heads, int mlpWidth) {
    public LanguageModelConfig {
        if (vocabularySize < 2 || context < 2 || layers < 0 || width < 1 || heads < 1 || mlpWidth < 1) {
            throw new IllegalArgumentException("invalid language model shape: " + vocabularySizeText(vocabularySize,
                    context, layers, width, heads, mlpWidth));
        }
        if (width % heads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must divide width (" + width + ")");
        }
    }

    /**
     * The shape a checkpoint of {@code gramian sft} or {@code align} stores in its model configuration
     * ({@code Checkpoint.modelConfig()}), under the keys {@code vocabulary}, {@code context},
     * {@code layers}, {@code width}, {@code heads} and {@code mlp}.
     *
     * @throws IllegalArgumentException naming a missing key, a value that is not an integer, or an
     *                                  invalid shape
     */
    public static LanguageModelConfig fromModelConfig(Map<String, String> modelConfig) {
        return new LanguageModelConfig(integer(modelConfig, "vocabulary"), integer(modelConfig, "context"),
                integer(modelConfig, "layers"), integer(modelConfig, "width"), integer(modelConfig, "heads"),
                integer(modelConfig, "mlp"));
    }

    /** This shape as a checkpoint's model configuration: the keys {@link #fromModelConfig} reads, in order. */
    public Map<String, String> toModelConfig() {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("vocabulary", Integer.toString(vocabularySize));
        text.put("context", Integer.toString(context));
        text.put("layers", Integer.toString(layers));
        text.put("width", Integer.toString(width));
        text.put("heads", Integer.toString(heads));
        text.put("mlp", Integer.toString(mlpWidth));
        return text;
    }

    private static int integer(Map<String, String> modelConfig, String key) {
        String value = modelConfig.get(key);
        if (value == null) {
            throw new IllegalArgumentException("model configuration has no key '" + key
                    + "'; it must come from gramian sft or align");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model configuration '" + key + "' is '" + value + "', not an integer");
        }
    }

    private static String vocabularySizeText(int v, int c, int l, int w, int h, int m) {
        return "vocabulary=" + v + " context=" + c + " layers=" + l + " width=" + w + " heads=" + h + " mlp=" + m;
    }
}
