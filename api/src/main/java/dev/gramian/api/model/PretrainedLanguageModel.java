package dev.gramian.api.model;

/**
 * A language model built from a pre-trained decoder's weights. Its {@link #parameters()} are the
 * weights themselves (full fine-tuning), named as {@link DecoderSpec#layout()} says, so a writer
 * of checkpoint files can save them under their original names.
 */
public interface PretrainedLanguageModel extends LanguageModel {

    /** The decoder this model was built from. */
    DecoderSpec spec();
}
