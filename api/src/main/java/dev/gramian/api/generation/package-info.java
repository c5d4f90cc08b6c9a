/**
 * Text generation on any {@link dev.gramian.api.model.LanguageModel} that decodes incrementally
 * ({@link dev.gramian.api.model.DecodingState}, a key/value cache the backend keeps): the
 * {@link dev.gramian.api.generation.Generator} loop that appends one token per model call and stops
 * at an end token, the token budget or the context, and the {@link
 * dev.gramian.api.generation.NextTokenSampler} that picks each token greedily or by seeded sampling
 * with temperature, top-k and top-p as Hugging Face's {@code generate} applies them. Pure Java: the
 * backend computes logits, everything here runs on plain arrays, so it is tested without one.
 */
package dev.gramian.api.generation;
