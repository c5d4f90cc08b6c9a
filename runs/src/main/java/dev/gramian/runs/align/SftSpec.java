package dev.gramian.runs.align;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one {@code gramian sft} run is made of: the preference data (trained on prompt + chosen),
 * the model to start from, the phase's settings and the seed.
 *
 * @param data     where the pairs come from and how they are cut
 * @param init     a checkpoint to continue from (its shape wins), or null for a new model
 * @param shape    the new model's shape when there is no {@code init}
 * @param settings optimiser, schedule, batch size, length, logging, evaluation and checkpoint intervals
 * @param seed     seed of the data split, the new model and the batch order
 */
public record SftSpec(PreferenceDataSpec data, Path init, ModelShape shape, TrainingSettings settings, long seed) {
    public SftSpec {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(settings, "settings");
    }
}
