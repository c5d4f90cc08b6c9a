package dev.gramian.runtime.tensorflow.decode;

import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;

/**
 * What a model keeps for decoding: its {@link StepGraph}, built on the first
 * {@link #start} and reused by every later state, and closed with the model.
 */
public final class IncrementalDecoder implements AutoCloseable {
    private final StepNetwork network;
    private final SessionSettings settings;
    private StepGraph<?> graph;

    public IncrementalDecoder(StepNetwork network, SessionSettings settings) {
        this.network = network;
        this.settings = settings;
    }

    /** A decoding state at {@code weights} (copied in; later changes to them do not reach it). */
    public CachedDecoding start(ParameterSet weights) {
        if (graph == null) {
            graph = new StepGraph<>(network, weights, settings);
        }
        return new CachedDecoding(graph, weights);
    }

    @Override
    public void close() {
        if (graph != null) {
            graph.close();
            graph = null;
        }
    }
}
