package dev.gramian.runs.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.LoraSpec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one {@code gramian sft} run is made of: the preference data (trained on prompt + chosen),
 * the model to start from, the phase's settings and the seed.
 *
 * @param data     where the pairs come from and how they are cut
 * @param init     a Gramian checkpoint to continue from (its shape wins), or null
 * @param model    a Hugging Face model folder to fine-tune, or null
 * @param lora     the adapter trained on the folder's model, or null for all weights
 * @param shape    the new model's shape when there is neither {@code init} nor {@code model}
 * @param settings optimiser, schedule, batch size, length, logging, evaluation and checkpoint intervals
 * @param seed     seed of the data split, the new model (or the adapter) and the batch order
 */
public record SftSpec(PreferenceDataSpec data, Path init, Path model, LoraSpec lora, ModelShape shape,
                      TrainingSettings settings, long seed) {
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
    }
}
