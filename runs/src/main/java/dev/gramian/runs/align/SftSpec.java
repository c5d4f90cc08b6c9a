package dev.gramian.runs.align;

import dev.gramian.runs.RunPrecision;
import dev.gramian.api.GramianException;
import dev.gramian.api.model.LoraSpec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one {@code gramian sft} run is made of: the preference data (trained on prompt + chosen),
 * the model to start from, the phase's settings, the seed and the precision.
 *
 * @param data      where the pairs come from and how they are cut
 * @param init      a Gramian checkpoint to continue from (its shape wins), or null
 * @param model     a Hugging Face model folder to fine-tune, or null
 * @param lora      the adapter trained on the folder's model, or null for all weights
 * @param shape     the new model's shape when there is neither {@code init} nor {@code model}
 * @param settings  optimiser, schedule, batch size, length, logging, evaluation and checkpoint intervals
 * @param seed      seed of the data split, the new model (or the adapter) and the batch order
 * @param precision the precision of the model's matrix products
 */
public record SftSpec(PreferenceDataSpec data, Path init, Path model, LoraSpec lora, ModelShape shape,
                      TrainingSettings settings, long seed, RunPrecision precision) {
    /** A spec in float32. */
    public SftSpec(PreferenceDataSpec data, Path init, Path model, LoraSpec lora, ModelShape shape,
                   TrainingSettings settings, long seed) {
        this(data, init, model, lora, shape, settings, seed, RunPrecision.FP32);
    }

    public SftSpec {
        if (init != null && model != null) {
            throw GramianException.usage("give at most one of --init CKPT (a Gramian model) and --model DIR "
                    + "(a Hugging Face folder)");
        }
        if (lora != null && model == null) {
            throw GramianException.usage("--lora-rank needs --model DIR");
        }
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(precision, "precision");
    }
}
