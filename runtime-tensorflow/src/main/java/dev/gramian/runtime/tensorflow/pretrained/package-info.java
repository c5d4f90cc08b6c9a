/**
 * Pre-trained decoders on TensorFlow: GPT-2 and the Llama family (Llama, Qwen2, Mistral) built from
 * the api's format-free {@link dev.gramian.api.model.DecoderSpec} as an {@code lm} architecture
 * ({@code DecoderNetwork}), fully fine-tuned ({@link dev.gramian.runtime.tensorflow.pretrained.DecoderModel})
 * or with a LoRA adapter ({@link dev.gramian.runtime.tensorflow.pretrained.AdaptedDecoderModel}).
 * Everything but the network — log-probabilities at the scored positions only, gradients, the
 * preference loss, the memory budgets and the fast Gram — is the {@code lm} package's, shared with
 * the built-in Transformer; reading the checkpoint files is the {@code hf} module's job.
 */
package dev.gramian.runtime.tensorflow.pretrained;
