package dev.gramian.cli.align;

import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.cli.option.PrecisionOptions;
import dev.gramian.cli.option.RunOptions;
import dev.gramian.cli.option.ActivationMemoryOptions;
import dev.gramian.cli.option.ThreadOptions;
import dev.gramian.objectives.margin.align.PreferenceMetrics;
import dev.gramian.runs.align.AlignRunner;
import dev.gramian.runs.align.AlignSpec;
import dev.gramian.runs.align.LanguageModelRuns;
import dev.gramian.runs.align.PhaseOutcome;
import dev.gramian.runs.align.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian align}: margin-loss alignment of the model in an {@code --init} checkpoint, or of a
 * Hugging Face folder's ({@code --model}, all weights or a LoRA adapter), which is also the
 * reference model. The objective runs in the backend's graph; reference
 * log-probabilities are computed once per pair with the init parameters and cached in the run
 * directory, where {@code --resume} reads them; TRL's training options come from {@link TrlOptions}.
 */
@Command(name = "align", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Align a language model on preference pairs with a margin-loss objective (dpo, ipo, "
                + "simpo, ...; see 'gramian plugins list --kind objective').",
            "The --init checkpoint (e.g. from 'gramian sft') or the --model folder is the starting policy and the "
                + "reference model; with --model, --lora-rank trains a LoRA adapter instead of all weights.",
            "Writes --out/config.json, metrics.jsonl with TRL's names (loss, rewards/chosen, rewards/rejected, "
                + "rewards/margins, rewards/accuracies, logps/chosen, logps/rejected, logits/chosen, logits/rejected, "
                + "entropy, num_tokens, grad_norm, learning_rate, and eval/...), reference-logps.jsonl, "
                + "completions.jsonl, summary.json and checkpoints/.",
            "TRL's DPOTrainer options: --ld-alpha (LD-DPO), --use-weighting (WPO), --sync-ref-model (TR-DPO), "
                + "--max-grad-norm (off by default, unlike TRL's 1.0).",
            "Defaults: --objective dpo, adam, --lr 3e-4, constant schedule, --warmup 10, --batch-size 16, "
                + "--steps 300, --log-every 10, --eval-every 50, --checkpoint-every 50."})
public final class AlignCommand extends TrainingCommand implements Callable<Integer> {
    static final TrainingSettings DEFAULTS = TrainingSettings.ALIGN_DEFAULTS;

    @Mixin
    private DataOptions data;

    @Option(names = "--init", paramLabel = "CKPT",
            description = "The checkpoint to align (gramian sft's checkpoints/latest.ckpt): policy start and reference.")
    private Path init;

    @Mixin
    private PretrainedOptions pretrained;

    @Option(names = "--objective", defaultValue = AlignSpec.DEFAULT_OBJECTIVE, paramLabel = "ID[:W],...",
            description = "The margin loss, or a weighted sum such as dpo:0.8,bco:0.2,sft:1.0; "
                    + "default ${DEFAULT-VALUE}.")
    private String objective;

    @Option(names = {"-O", "--objective-option"}, paramLabel = "KEY=VALUE",
            description = "An option of the objective, e.g. -O beta=0.2; in a sum, -O dpo.beta=0.2 sets one "
                    + "component's and -O beta=0.2 every component's that takes it; repeatable.")
    private Map<String, String> objectiveOptions = new LinkedHashMap<>();

    @Mixin
    private TrainingOptions training;

    @Mixin
    private TrlOptions trl;

    @Option(names = "--completions", defaultValue = "4", paramLabel = "N",
            description = "Complete the first N held-out prompts greedily before and after training into "
                    + "completions.jsonl (the report shows them beside chosen and rejected); 0: none; "
                    + "default ${DEFAULT-VALUE}.")
    private int completions;

    @Mixin
    private ProbeOptions probing;

    @Option(names = "--seed", defaultValue = "" + LanguageModelRuns.DEFAULT_SEED, description = "Seed of the data split and batch order; "
            + "default ${DEFAULT-VALUE}.")
    private long seed;

    @Mixin
    private RunOptions runOptions;

    @Mixin
    private ThreadOptions threads;

    @Mixin
    private ActivationMemoryOptions activationMemory;

    @Mixin
    private PrecisionOptions precision;

    @Override
    public Integer call() {
        AlignSpec spec = new AlignSpec(data.spec(), init, pretrained.model(), pretrained.lora(),
                ObjectiveSpec.parse(objective), objectiveOptions, probing.rule(), probing.ruleOptions(),
                probing.probes(), probing.probePairs(), training.settings(DEFAULTS), seed, trl.options(), completions,
                precision.precision());
        PhaseOutcome outcome = new AlignRunner(catalog, display, warning -> streams.err().println(
                "warning: " + warning), activationMemory.backendOptions(threads.backendOptions())).run(spec, runOptions.out(), runOptions.mode());
        if (spec.model() != null) {
            streams.out().printf(Locale.ROOT, "align: %d steps of %s on %s%s; checkpoint %s%n", outcome.steps(),
                    spec.objective().text(), spec.model(), spec.lora() == null ? ""
                            : " (LoRA rank " + spec.lora().rank() + ")", outcome.checkpoint());
            return 0;
        }
        String accuracy = PreferenceMetrics.EVAL + PreferenceMetrics.REWARDS_ACCURACIES;
        streams.out().printf(Locale.ROOT, "align: %d steps of %s%s; checkpoint %s%n", outcome.steps(),
                spec.objective().text(), outcome.lastEval().containsKey(accuracy) ? String.format(Locale.ROOT,
                        ", %s %.3f", accuracy, outcome.lastEval().get(accuracy)) : "", outcome.checkpoint());
        return 0;
    }
}
