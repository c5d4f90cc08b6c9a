/**
 * Hugging Face model folders as the jobs use them: a folder read whole and checked (weights, config
 * and tokenizer must agree; {@link dev.gramian.runs.pretrained.PretrainedFolder}) and a run written
 * back as a folder transformers loads ({@code gramian export}). Reading the files is the {@code hf}
 * and {@code tokenizers} modules' job; the models come from the backend's
 * {@link dev.gramian.api.backend.Backend#pretrainedModel}. The jobs that train or score a folder's
 * model live in {@code dev.gramian.runs.align}.
 */
package dev.gramian.runs.pretrained;
