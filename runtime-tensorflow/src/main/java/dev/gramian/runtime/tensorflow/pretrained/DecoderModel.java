package dev.gramian.runtime.tensorflow.pretrained;

import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.DecodingState;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.PretrainedLanguageModel;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.decode.IncrementalDecoder;
import dev.gramian.runtime.tensorflow.decode.StepNetwork;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import dev.gramian.runtime.tensorflow.lm.GraphLanguageModel;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * A pre-trained decoder on TensorFlow, fully fine-tuned: its parameters are the weights. It is the
 * runtime's one {@link GraphLanguageModel} with a {@link DecoderNetwork}, so scoring, gradients,
 * the preference loss, the split into runs that fit the memory budgets, and the exact and fast
 * per-pair Gram are those of every language model here.
 */
public class DecoderModel extends GraphLanguageModel implements PretrainedLanguageModel {

    private final DecoderSpec spec;
    private final IncrementalDecoder decoder;

    /** Full fine-tuning of {@code weights} (taken over as the model's parameters). */
    public DecoderModel(DecoderSpec spec, ParameterSet weights, SessionSettings settings) {
        this(spec, checkLayout(spec, weights), new ParameterSet(List.of()), null, settings);
    }

    /**
     * @param trainable the parameters: the weights, or an adapter's {@code lora_A}/{@code lora_B}
     * @param frozen    weights held fixed in the graph (the base under an adapter), or an empty set
     * @param lora      the adapter, or null
     */
    DecoderModel(DecoderSpec spec, ParameterSet trainable, ParameterSet frozen, LoraSpec lora,
                 SessionSettings settings) {
        super(spec.languageModelConfig(), trainable, new DecoderNetwork(spec, frozen, lora), settings);
        this.spec = spec;
        this.decoder = new IncrementalDecoder(StepNetwork.pretrained(spec), settings);
    }

    /** Checks that {@code weights} has exactly the spec's layout; returns it. */
    static ParameterSet checkLayout(DecoderSpec spec, ParameterSet weights) {
        Map<String, int[]> layout = spec.layout();
        if (!layout.keySet().equals(new HashSet<>(weights.names()))) {
            throw new IllegalArgumentException("the weights' names differ from the spec's layout: " + weights.names()
                    + " vs " + layout.keySet());
        }
        for (ParameterSet.Parameter p : weights.parameters()) {
            if (!Arrays.equals(layout.get(p.name()), p.shape())) {
                throw new IllegalArgumentException(p.name() + " has shape " + Arrays.toString(p.shape())
                        + "; the spec needs " + Arrays.toString(layout.get(p.name())));
            }
        }
        return weights;
    }

    @Override
    public DecoderSpec spec() {
        return spec;
    }

    /**
     * {@inheritDoc} The step graph is built on the first call and kept until the model closes; an
     * adapted model decodes with its adapter merged into the weights.
     */
    @Override
    public DecodingState startDecoding() {
        return decoder.start(decodingWeights());
    }

    /** The weights decoding runs with, in the spec's layout: the parameters themselves here. */
    ParameterSet decodingWeights() {
        return parameters();
    }

    @Override
    public void close() {
        decoder.close();
        super.close();
    }
}
