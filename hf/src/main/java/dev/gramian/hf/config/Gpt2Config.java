package dev.gramian.hf.config;

import dev.gramian.api.model.DecoderSpec;
import dev.gramian.hf.safetensors.Dtype;

/**
 * {@code GPT2LMHeadModel}'s config.
 *
 * @param vocabularySize    {@code vocab_size}
 * @param positions         {@code n_positions}
 * @param width             {@code n_embd}
 * @param layers            {@code n_layer}
 * @param heads             {@code n_head}
 * @param mlpWidth          {@code n_inner}, or 4 · width when null
 * @param layerNormEpsilon  {@code layer_norm_epsilon}
 * @param tiedHead          {@code tie_word_embeddings}
 * @param storageType       {@code torch_dtype} / {@code dtype}, or null
 */
public record Gpt2Config(int vocabularySize, int positions, int width, int layers, int heads, int mlpWidth,
                         double layerNormEpsilon, boolean tiedHead, Dtype storageType) implements ModelConfig {

    /** The architecture name. */
    public static final String ARCHITECTURE = "GPT2LMHeadModel";

    @Override
    public String architecture() {
        return ARCHITECTURE;
    }

    @Override
    public String modelType() {
        return "gpt2";
    }

    @Override
    public DecoderSpec spec() {
        return new DecoderSpec(DecoderSpec.Family.GPT2, vocabularySize, positions, layers, width, heads, heads,
                width / heads, mlpWidth, layerNormEpsilon, tiedHead, true, true, true, new double[0]);
    }
}
