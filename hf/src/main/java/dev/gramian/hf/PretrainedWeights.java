package dev.gramian.hf;

import dev.gramian.api.param.ParameterSet;
import dev.gramian.hf.config.ModelConfig;
import dev.gramian.hf.safetensors.Dtype;

import java.nio.file.Path;

/**
 * A model folder read into memory: its config and its weights, named and shaped as the config's
 * {@link dev.gramian.api.model.DecoderSpec#layout()} says, ready for a backend.
 *
 * @param folder       where it was read from
 * @param config       the parsed {@code config.json}
 * @param weights      every tensor of the layout, widened to doubles
 * @param storageType  the type most weights were stored in (written back by default on export)
 */
public record PretrainedWeights(Path folder, ModelConfig config, ParameterSet weights, Dtype storageType) {
}
