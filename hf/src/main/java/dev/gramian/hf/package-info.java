/**
 * Hugging Face model folders in and out: {@link dev.gramian.hf.ModelFolder} reads
 * {@code config.json} and the safetensors weights into a format-free
 * {@link dev.gramian.api.model.DecoderSpec} and a {@link dev.gramian.api.param.ParameterSet}, which a
 * backend turns into a trainable model; the export side writes a folder {@code transformers} loads
 * back. The file formats themselves live in the {@code safetensors} and {@code config} packages;
 * nothing here knows about TensorFlow.
 */
package dev.gramian.hf;
