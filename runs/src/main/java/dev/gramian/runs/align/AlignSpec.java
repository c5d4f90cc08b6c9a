package dev.gramian.runs.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.objectives.margin.align.AlignmentOptions;
import dev.gramian.runs.RunPrecision;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one {@code gramian align} run is made of: the preference data, the model to align (a
 * Gramian checkpoint or a Hugging Face folder, which is also the reference), the objective, the
 * alignment rule and probes, the phase's settings, the seed and the precision.
 *
 * @param data             where the pairs come from and how they are cut
 * @param init             a Gramian checkpoint (policy start and reference), or null with {@code model}
 * @param model            a Hugging Face model folder, or null with {@code init}
 * @param lora             the adapter trained on the folder's model, or null for all weights
 * @param objective        the margin loss or weighted sum
 * @param objectiveOptions its options as given ({@code -O key=value}, {@code -O id.key=value} in a sum)
 * @param rule             alignment rule plugin id
 * @param ruleOptions      its options as given
 * @param probes           the probes, in the order given
 * @param probePairs       how many pairs the probe set holds; 0 to probe each step's batch
 * @param settings         optimiser, schedule, batch size, length, logging, evaluation and checkpoint intervals
 * @param seed             seed of the data split and batch order
 * @param options          TRL's training options (LD-DPO, WPO, TR-DPO, gradient clipping)
 * @param completions      how many held-out prompts to complete greedily before and after training (0: none)
 * @param precision        the precision of the model's matrix products
 */
public record AlignSpec(PreferenceDataSpec data, Path init, Path model, LoraSpec lora, ObjectiveSpec objective,
                        Map<String, String> objectiveOptions, String rule, Map<String, String> ruleOptions,
                        List<ProbeSpec> probes, int probePairs, TrainingSettings settings, long seed,
                        AlignmentOptions options, int completions, RunPrecision precision) {
    /** The objective when none is given. */
    public static final String DEFAULT_OBJECTIVE = "dpo";
    /** The alignment rule when none is given. */
    public static final String DEFAULT_RULE = "gradient";
    /** The probe set's size when none is given. */
    public static final int DEFAULT_PROBE_PAIRS = 16;
    /** The prompts a run completes before and after training unless told otherwise. */
    public static final int DEFAULT_COMPLETIONS = 4;

    /** A spec with none of TRL's training options and the default completions. */
    public AlignSpec(PreferenceDataSpec data, Path init, Path model, LoraSpec lora, ObjectiveSpec objective,
                     Map<String, String> objectiveOptions, String rule, Map<String, String> ruleOptions,
                     List<ProbeSpec> probes, int probePairs, TrainingSettings settings, long seed) {
        this(data, init, model, lora, objective, objectiveOptions, rule, ruleOptions, probes, probePairs, settings,
                seed, AlignmentOptions.NONE, DEFAULT_COMPLETIONS);
    }

    /** A spec in float32. */
    public AlignSpec(PreferenceDataSpec data, Path init, Path model, LoraSpec lora, ObjectiveSpec objective,
                     Map<String, String> objectiveOptions, String rule, Map<String, String> ruleOptions,
                     List<ProbeSpec> probes, int probePairs, TrainingSettings settings, long seed,
                     AlignmentOptions options, int completions) {
        this(data, init, model, lora, objective, objectiveOptions, rule, ruleOptions, probes, probePairs, settings,
                seed, options, completions, RunPrecision.FP32);
    }

    public AlignSpec {
        if ((init == null) == (model == null)) {
            throw GramianException.usage("give exactly one of --init CKPT (a Gramian model) and --model DIR "
                    + "(a Hugging Face folder)");
        }
        if (lora != null && model == null) {
            throw GramianException.usage("--lora-rank needs --model DIR");
        }
        if (probePairs < 0) {
            throw GramianException.usage("--probe-pairs must be at least 0 (0: each step's batch), got " + probePairs);
        }
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(precision, "precision");
        if (options.referenceSync().isPresent() && lora != null) {
            throw GramianException.usage("--sync-ref-model keeps a second copy of the model to move toward the policy; "
                    + "with --lora-rank the reference is the base model, which does not move (TRL refuses it with "
                    + "PEFT too)");
        }
        if (completions < 0) {
            throw GramianException.usage("--completions must be at least 0 (0: none), got " + completions);
        }
        objectiveOptions = Collections.unmodifiableMap(new LinkedHashMap<>(objectiveOptions));
        ruleOptions = Collections.unmodifiableMap(new LinkedHashMap<>(ruleOptions));
        probes = List.copyOf(probes);
    }
}
