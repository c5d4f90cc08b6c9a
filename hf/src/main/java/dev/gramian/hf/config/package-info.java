/**
 * {@code config.json} of the architectures Gramian builds, read into typed records: GPT-2 and the
 * Llama family (Llama, Qwen2, Mistral) with their rotary position variants. Each record turns into
 * the api's format-free {@link dev.gramian.api.model.DecoderSpec}, which is all a backend sees;
 * anything outside the supported set is rejected by {@link dev.gramian.hf.config.ConfigReader} with
 * one error naming the key and the supported values.
 */
package dev.gramian.hf.config;
