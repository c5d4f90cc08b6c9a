package dev.gramian.hf.config;

import dev.gramian.api.model.DecoderSpec;
import dev.gramian.hf.safetensors.Dtype;

/**
 * The config of the Llama family ({@code LlamaForCausalLM}, {@code Qwen2ForCausalLM},
 * {@code MistralForCausalLM}), which share one graph.
 *
 * @param variant          which of the three
 * @param vocabularySize   {@code vocab_size}
 * @param context          {@code max_position_embeddings}, capped at Mistral's {@code sliding_window}
 * @param width            {@code hidden_size}
 * @param mlpWidth         {@code intermediate_size}
 * @param layers           {@code num_hidden_layers}
 * @param heads            {@code num_attention_heads}
 * @param keyValueHeads    {@code num_key_value_heads} (default: heads)
 * @param headDim          {@code head_dim} (default: width / heads)
 * @param rmsNormEpsilon   {@code rms_norm_eps}
 * @param tiedHead         {@code tie_word_embeddings}
 * @param qkvBias          biases on q, k, v (Qwen2 always; Llama with {@code attention_bias})
 * @param outputBias       a bias on o_proj (Llama with {@code attention_bias})
 * @param mlpBias          {@code mlp_bias}
 * @param rope             the rotary settings
 * @param storageType      {@code torch_dtype} / {@code dtype}, or null
 */
public record LlamaConfig(Architecture variant, int vocabularySize, int context, int width, int mlpWidth,
                          int layers, int heads, int keyValueHeads, int headDim, double rmsNormEpsilon,
                          boolean tiedHead, boolean qkvBias, boolean outputBias, boolean mlpBias, RopeScaling rope,
                          Dtype storageType) implements ModelConfig {

    /** The architectures built as Llama. */
    public enum Architecture {
        LLAMA("LlamaForCausalLM", "llama"),
        QWEN2("Qwen2ForCausalLM", "qwen2"),
        MISTRAL("MistralForCausalLM", "mistral");

        private final String className;
        private final String modelType;

        Architecture(String className, String modelType) {
            this.className = className;
            this.modelType = modelType;
        }

        /** The transformers class name. */
        public String className() {
            return className;
        }

        /** The {@code model_type}. */
        public String modelType() {
            return modelType;
        }
    }

    @Override
    public String architecture() {
        return variant.className();
    }

    @Override
    public String modelType() {
        return variant.modelType();
    }

    @Override
    public DecoderSpec spec() {
        return new DecoderSpec(DecoderSpec.Family.LLAMA, vocabularySize, context, layers, width, heads, keyValueHeads,
                headDim, mlpWidth, rmsNormEpsilon, tiedHead, qkvBias, outputBias, mlpBias,
                rope.inverseFrequencies(headDim));
    }
}
