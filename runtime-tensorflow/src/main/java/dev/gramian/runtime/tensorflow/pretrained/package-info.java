/**
 * Pre-trained decoders on TensorFlow: GPT-2 and the Llama family (Llama, Qwen2, Mistral) built from
 * the api's format-free {@link dev.gramian.api.model.DecoderSpec}, fully fine-tuned
 * ({@link dev.gramian.runtime.tensorflow.pretrained.DecoderModel}) or with a LoRA adapter
 * ({@link dev.gramian.runtime.tensorflow.pretrained.AdaptedDecoderModel}). Unlike the built-in
 * Transformer in {@code lm}, these graphs gather embeddings and compute log-probabilities only at
 * the scored positions, so real vocabularies fit; reading the checkpoint files is the {@code hf}
 * module's job, not this package's.
 */
package dev.gramian.runtime.tensorflow.pretrained;
