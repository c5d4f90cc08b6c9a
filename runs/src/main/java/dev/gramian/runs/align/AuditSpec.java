package dev.gramian.runs.align;

import dev.gramian.runs.RunPrecision;
import dev.gramian.api.GramianException;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.plugin.ObjectiveSpec;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one {@code gramian probe} audit is made of: the model (a Gramian checkpoint with an
 * optional reference checkpoint, or a Hugging Face folder that is its own reference), the preference
 * data, the objective whose per-pair weights are audited, the pairs per Gram pass, the seed and the precision.
 *
 * @param checkpoint       a Gramian checkpoint, or null with {@code model}
 * @param model            a Hugging Face model folder, or null with {@code checkpoint}
 * @param lora             an adapter on the folder's model, or null
 * @param reference        the reference checkpoint of losses that use one; null: {@code checkpoint} itself
 * @param data             where the pairs come from and how they are cut
 * @param objective        the margin loss or weighted sum
 * @param objectiveOptions its options as given
 * @param batchSize        pairs per Gram pass
 * @param seed             seed of built-in data and of the model's construction
 * @param precision        the precision of the model's matrix products
 */
public record AuditSpec(Path checkpoint, Path model, LoraSpec lora, Path reference, PreferenceDataSpec data,
                        ObjectiveSpec objective, Map<String, String> objectiveOptions, int batchSize, long seed,
                        RunPrecision precision) {
    /** An audit in float32. */
    public AuditSpec(Path checkpoint, Path model, LoraSpec lora, Path reference, PreferenceDataSpec data,
                     ObjectiveSpec objective, Map<String, String> objectiveOptions, int batchSize, long seed) {
        this(checkpoint, model, lora, reference, data, objective, objectiveOptions, batchSize, seed, RunPrecision.FP32);
    }

    public AuditSpec {
        if (batchSize < 1) {
            throw GramianException.usage("--batch-size must be at least 1, got " + batchSize);
        }
        if ((model != null) == (checkpoint != null)) {
            throw GramianException.usage("give exactly one of --checkpoint CKPT (a Gramian model) and --model DIR "
                    + "(a Hugging Face folder)");
        }
        if (lora != null && model == null) {
            throw GramianException.usage("--lora-rank needs --model DIR");
        }
        if (model != null && reference != null) {
            throw GramianException.usage("--reference takes a checkpoint; a --model folder is its own reference");
        }
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(precision, "precision");
        objectiveOptions = Collections.unmodifiableMap(new LinkedHashMap<>(objectiveOptions));
    }
}
