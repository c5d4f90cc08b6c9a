package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;

/**
 * The TensorFlow causal Transformer language model: a {@link GraphLanguageModel} of the
 * {@link TransformerGraph} architecture with parameters initialised by {@link TransformerInitializer}.
 */
public final class TransformerLanguageModel extends GraphLanguageModel {

    /** A model of {@code config} initialised from {@code seed}, running with {@code settings}. */
    public TransformerLanguageModel(LanguageModelConfig config, long seed, SessionSettings settings) {
        super(config, TransformerInitializer.initialise(config, seed), TransformerGraph.architecture(config), settings);
    }
}
