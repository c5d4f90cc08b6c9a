/**
 * The safetensors format: a validating, memory-mapped reader ({@link dev.gramian.hf.safetensors.SafetensorsFile}),
 * an atomic writer, and a model folder's weights whole or sharded by {@code model.safetensors.index.json}.
 * A file either opens with every header fact checked (an 8-byte little-endian length, at most 100 MB of
 * UTF-8 JSON, known types, shapes that fit their byte ranges, ranges that tile the buffer) or fails with
 * one input error naming it; the model readers in {@code dev.gramian.hf} build on this package.
 */
package dev.gramian.hf.safetensors;
