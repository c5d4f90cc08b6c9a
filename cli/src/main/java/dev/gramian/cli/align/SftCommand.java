package dev.gramian.cli.align;

import dev.gramian.cli.option.ActivationMemoryOptions;
import dev.gramian.cli.option.PrecisionOptions;
import dev.gramian.cli.option.RunOptions;
import dev.gramian.objectives.margin.align.PreferenceMetrics;
import dev.gramian.runs.align.LanguageModelRuns;
import dev.gramian.runs.align.PhaseOutcome;
import dev.gramian.runs.align.SftRunner;
import dev.gramian.runs.align.SftSpec;
import dev.gramian.runs.align.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian sft}: supervised fine-tuning of a language model — a new one, an {@code --init}
 * checkpoint's or a Hugging Face folder's ({@code --model}, all weights or a LoRA adapter) — on
 * prompt + chosen response of preference pairs. Its {@code checkpoints/latest.ckpt} is what
 * {@code gramian align --init} starts from and scores the reference with; a {@code --model} run is
 * written back as a folder by {@code gramian export}.
 */
@Command(name = "sft", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Supervised fine-tuning: train a language model by next-token prediction on the chosen "
                + "responses (prompt + chosen) of preference pairs.",
            "Writes --out/config.json, metrics.jsonl (loss, eval/loss), summary.json and checkpoints/; "
                + "checkpoints/latest.ckpt is the --init of 'gramian align'. With --model DIR (a Hugging Face "
                + "folder; --lora-rank for an adapter) 'gramian export' writes the result as a folder.",
            "Defaults: adam, --lr 3e-3, cosine schedule, --warmup 20, --batch-size 16, --steps 1000, "
                + "--log-every 10, --eval-every 100, --checkpoint-every 100."})
public final class SftCommand extends TrainingCommand implements Callable<Integer> {
    static final TrainingSettings DEFAULTS = TrainingSettings.SFT_DEFAULTS;

    @Mixin
    private DataOptions data;

    @Mixin
    private ModelOptions model;

    @Mixin
    private PretrainedOptions pretrained;

    @Mixin
    private TrainingOptions training;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + LanguageModelRuns.DEFAULT_SEED,
            description = "Seed of the data split, model and batch order; "
            + "default ${DEFAULT-VALUE}.")
    private long seed;

    @Mixin
    private RunOptions runOptions;

    @Mixin
    private PrecisionOptions precision;

    @Mixin
    private ActivationMemoryOptions activationMemory;

    @Override
    public Integer call() {
        SftSpec spec = new SftSpec(data.spec(), model.init(), pretrained.model(), pretrained.lora(),
                model.shape(pretrained.model() != null), training.settings(DEFAULTS), seed, precision.precision());
        PhaseOutcome outcome = new SftRunner(catalog, display, warning -> streams.err().println("warning: " + warning),
                activationMemory.backendOptions(Map.of()))
                .run(spec, runOptions.out(), runOptions.mode());
        String folder = spec.model() == null ? "" : " on " + spec.model()
                + (spec.lora() == null ? "" : " (LoRA rank " + spec.lora().rank() + ")");
        String loss = PreferenceMetrics.EVAL + PreferenceMetrics.LOSS;
        streams.out().printf(Locale.ROOT, "sft: %d steps%s, %s %s; checkpoint %s%n", outcome.steps(), folder, loss,
                outcome.lastEval().containsKey(loss)
                        ? String.format(Locale.ROOT, "%.4f", outcome.lastEval().get(loss)) : "n/a",
                outcome.checkpoint());
        return 0;
    }
}
