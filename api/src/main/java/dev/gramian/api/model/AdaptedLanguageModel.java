package dev.gramian.api.model;

import dev.gramian.api.param.ParameterSet;

import java.util.List;

/**
 * A language model whose trainable {@link #parameters()} are an adapter (LoRA) on frozen base
 * weights. The base model stays reachable without a second copy of its weights: a trainer takes
 * the frozen reference's log-probabilities from {@link #baseScore}.
 */
public interface AdaptedLanguageModel extends PretrainedLanguageModel {

    /** Response-token log-probabilities with the adapter switched off (the base model's). */
    SequenceScores baseScore(List<Sequence> batch);

    /** The frozen base weights (read-only by contract), named as {@link DecoderSpec#layout()} says. */
    ParameterSet baseWeights();

    /** The base weights with the adapter merged in ({@code W + s·B·A}, in each weight's own layout). */
    ParameterSet mergedWeights();

    /** The adapter's settings. */
    LoraSpec lora();
}
