package dev.gramian.runs.pretrained;

import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.PretrainedLanguageModel;
import dev.gramian.hf.ModelFolder;
import dev.gramian.hf.PretrainedWeights;
import dev.gramian.tokenizers.hf.HfTokenizer;

import java.nio.file.Path;

/**
 * A Hugging Face model folder read whole: its weights and config ({@link ModelFolder}) and its
 * tokenizer ({@link HfTokenizer}), checked against each other: every id the tokenizer emits must
 * be a row of the embedding (a larger, padded embedding is fine, as in Qwen2).
 *
 * @param weights   the config and weights
 * @param tokenizer the tokenizer with its special-token rule and chat template
 */
public record PretrainedFolder(PretrainedWeights weights, HfTokenizer tokenizer) {

    /**
     * Reads {@code folder}.
     *
     * @throws GramianException (input) naming the file at fault, or the two vocabulary sizes
     */
    public static PretrainedFolder load(Path folder) {
        PretrainedWeights weights = ModelFolder.load(folder);
        HfTokenizer tokenizer = HfTokenizer.load(folder);
        int embedding = weights.config().spec().vocabularySize();
        if (tokenizer.vocabularySize() > embedding) {
            throw GramianException.input(folder.toString(), 0, "tokenizer.json has " + tokenizer.vocabularySize()
                    + " tokens but the weights embed only " + embedding + " (vocab_size in config.json)");
        }
        return new PretrainedFolder(weights, tokenizer);
    }

    /** The decoder. */
    public DecoderSpec spec() {
        return weights.config().spec();
    }

    /** A fully fine-tunable model of these weights on {@code backend} (the weights are taken over). */
    public PretrainedLanguageModel model(Backend backend) {
        return backend.pretrainedModel(spec(), weights.weights());
    }
}
