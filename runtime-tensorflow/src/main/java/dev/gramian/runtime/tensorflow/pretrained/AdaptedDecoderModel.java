package dev.gramian.runtime.tensorflow.pretrained;

import dev.gramian.api.model.AdaptedLanguageModel;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.SequenceScores;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.random.SplitMix64;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import dev.gramian.runtime.tensorflow.lm.Evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * A pre-trained decoder with a LoRA adapter: the parameters are the adapter's
 * {@code <module>.lora_A.weight [r, in]} and {@code <module>.lora_B.weight [out, r]} for every
 * targeted module, initialised as PEFT does (A Kaiming-uniform with a = √5, i.e. uniform in
 * ±1/√in; B zero). The base weights are frozen in the graph; {@link #baseScore} feeds the adapter
 * scale 0 to the same graph, so the frozen reference costs no second copy of the weights.
 */
public final class AdaptedDecoderModel extends DecoderModel implements AdaptedLanguageModel {
    private final ParameterSet base;
    private final LoraSpec lora;

    /** An adapter on {@code weights} (frozen, taken over) initialised from {@code seed}. */
    public AdaptedDecoderModel(DecoderSpec spec, ParameterSet weights, LoraSpec lora, long seed, SessionSettings settings) {
        super(spec, initialAdapter(spec, checkLayout(spec, weights), lora, seed), weights, lora, settings);
        this.base = weights;
        this.lora = lora;
    }

    private static ParameterSet initialAdapter(DecoderSpec spec, ParameterSet weights, LoraSpec lora, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        List<ParameterSet.Parameter> adapter = new ArrayList<>();
        for (String module : lora.modules(spec)) {
            int[] io = LoraSpec.inOut(spec, module);
            double bound = 1 / Math.sqrt(io[0]);
            double[] a = new double[lora.rank() * io[0]];
            for (int i = 0; i < a.length; i++) {
                a[i] = (2 * random.nextDouble() - 1) * bound;
            }
            adapter.add(new ParameterSet.Parameter(module + ".lora_A.weight", new int[]{lora.rank(), io[0]}, a));
            adapter.add(new ParameterSet.Parameter(module + ".lora_B.weight", new int[]{io[1], lora.rank()},
                    new double[io[1] * lora.rank()]));
        }
        return new ParameterSet(adapter);
    }

    @Override
    public SequenceScores baseScore(List<Sequence> batch) {
        return score(batch, Evaluation.BASE);
    }

    @Override
    public ParameterSet baseWeights() {
        return base;
    }

    @Override
    public LoraSpec lora() {
        return lora;
    }

    @Override
    ParameterSet decodingWeights() {
        return mergedWeights();
    }

    @Override
    public ParameterSet mergedWeights() {
        return lora.merge(spec(), base, parameters());
    }
}
