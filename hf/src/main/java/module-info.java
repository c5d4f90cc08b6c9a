/**
 * Hugging Face model folders: safetensors weights (whole or sharded), {@code config.json} of GPT-2
 * and the Llama family, PEFT LoRA adapters, and export of a folder {@code transformers} loads.
 * Produces the api's format-free decoder description and parameter sets; depends on the api and
 * Jackson only, so reading or checking a model folder never loads TensorFlow.
 */
module dev.gramian.hf {
    requires transitive dev.gramian.api;
    requires com.fasterxml.jackson.databind;

    exports dev.gramian.hf;
    exports dev.gramian.hf.config;
    exports dev.gramian.hf.safetensors;
}
