package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.model.DecodingState;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.runtime.tensorflow.decode.IncrementalDecoder;
import dev.gramian.runtime.tensorflow.decode.StepNetwork;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;

/**
 * The TensorFlow causal Transformer language model: a {@link GraphLanguageModel} of the
 * {@link TransformerGraph} architecture with parameters initialised by {@link TransformerInitializer},
 * decoding with the key/value-cached step graph of the same network.
 */
public final class TransformerLanguageModel extends GraphLanguageModel {
    private final IncrementalDecoder decoder;

    /** A model of {@code config} initialised from {@code seed}, running with {@code settings}. */
    public TransformerLanguageModel(LanguageModelConfig config, long seed, SessionSettings settings) {
        super(config, TransformerInitializer.initialise(config, seed), TransformerGraph.architecture(config), settings);
        this.decoder = new IncrementalDecoder(StepNetwork.builtIn(config), settings);
    }

    /** {@inheritDoc} The step graph is built on the first call and kept until the model closes. */
    @Override
    public DecodingState startDecoding() {
        return decoder.start(parameters());
    }

    @Override
    public void close() {
        decoder.close();
        super.close();
    }
}
