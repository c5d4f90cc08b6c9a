/**
 * Jobs on Hugging Face model folders: a folder read whole and checked (weights, config and
 * tokenizer must agree) and {@code gramian logps}, the per-pair log-probabilities of a preference
 * file tokenised as TRL does. Reading the files is the {@code hf} and {@code tokenizers} modules'
 * job; the models come from the backend's {@link dev.gramian.api.backend.Backend#pretrainedModel}.
 */
package dev.gramian.runs.pretrained;
