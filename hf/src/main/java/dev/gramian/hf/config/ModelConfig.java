package dev.gramian.hf.config;

import dev.gramian.api.model.DecoderSpec;
import dev.gramian.hf.safetensors.Dtype;

/**
 * A Hugging Face {@code config.json} of an architecture Gramian builds, read into typed fields.
 * {@link ConfigReader} creates them; {@link #spec()} is the format-free description a backend
 * builds the graph from.
 */
public sealed interface ModelConfig permits Gpt2Config, LlamaConfig {

    /** The {@code architectures[0]} name, e.g. {@code LlamaForCausalLM}. */
    String architecture();

    /** The {@code model_type}, e.g. {@code llama}. */
    String modelType();

    /** The storage type {@code torch_dtype}/{@code dtype} names, or null when the config names none. */
    Dtype storageType();

    /** The decoder as a backend sees it. */
    DecoderSpec spec();
}
