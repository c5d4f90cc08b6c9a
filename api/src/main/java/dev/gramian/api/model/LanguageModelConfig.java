package dev.gramian.api.model;

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

    private static String vocabularySizeText(int v, int c, int l, int w, int h, int m) {
        return "vocabulary=" + v + " context=" + c + " layers=" + l + " width=" + w + " heads=" + h + " mlp=" + m;
    }
}
