/**
 * Hugging Face tokenizers: {@code tokenizer.json} read into added tokens, normaliser,
 * pre-tokenizer, BPE model, post-processor and decoder, which together give the ids the reference
 * implementation gives; a model folder adds its special tokens ({@code tokenizer_config.json}) and
 * chat template ({@code dev.gramian.tokenizers.chat}). Every file problem is one input error naming
 * the file and the JSON path.
 */
package dev.gramian.tokenizers.hf;
