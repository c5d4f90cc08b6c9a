package dev.gramian.runs.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.LanguageModelConfig;

/**
 * The shape of a new built-in language model, before the tokenizer fixes its vocabulary: blocks,
 * width, attention heads, MLP width and context. The defaults are the demos' model, about 0.2M
 * parameters.
 *
 * @param context longest sequence the model takes, in tokens
 * @param layers  Transformer blocks
 * @param width   model width
 * @param heads   attention heads, dividing the width
 * @param mlp     hidden width of each MLP
 */
public record ModelShape(int context, int layers, int width, int heads, int mlp) {
    /** Default blocks. */
    public static final int LAYERS = 2;
    /** Default width. */
    public static final int WIDTH = 64;
    /** Default attention heads. */
    public static final int HEADS = 4;
    /** Default MLP width. */
    public static final int MLP = 256;
    /** Default context. */
    public static final int CONTEXT = 128;
    /** The default shape. */
    public static final ModelShape DEFAULT = new ModelShape(CONTEXT, LAYERS, WIDTH, HEADS, MLP);

    /** This shape with another context. */
    public ModelShape withContext(int tokens) {
        return new ModelShape(tokens, layers, width, heads, mlp);
    }

    /**
     * The model over {@code vocabularySize} tokens.
     *
     * @throws GramianException (usage) when the shape is invalid (e.g. heads not dividing the width)
     */
    public LanguageModelConfig config(int vocabularySize) {
        try {
            return new LanguageModelConfig(vocabularySize, context, layers, width, heads, mlp);
        } catch (IllegalArgumentException e) {
            throw GramianException.usage(e.getMessage());
        }
    }
}
