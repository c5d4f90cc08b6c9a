package dev.gramian.cli.align;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.cli.option.RunOptions;
import dev.gramian.objectives.margin.align.LearningRateSchedule;
import dev.gramian.runs.FileDigest;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.align.LanguageModelRuns;
import dev.gramian.runs.align.ModelCheckpoints;
import dev.gramian.runs.align.PhaseRecorder;
import dev.gramian.runs.align.PreferenceDataSpec;
import dev.gramian.runs.align.TrainingPhases;
import dev.gramian.runs.align.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian sft}: supervised fine-tuning of a language model on prompt + chosen response of
 * preference pairs. Its {@code checkpoints/latest.ckpt} is what {@code gramian align --init} starts
 * from and scores the reference with.
 */
@Command(name = "sft", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Supervised fine-tuning: train a language model by next-token prediction on the chosen "
                + "responses (prompt + chosen) of preference pairs.",
            "Writes --out/config.json, metrics.jsonl (loss, eval/loss), summary.json and checkpoints/; "
                + "checkpoints/latest.ckpt is the --init of 'gramian align'.",
            "Defaults: adam, --lr 3e-3, cosine schedule, --warmup 20, --batch-size 16, --steps 1000, "
                + "--log-every 10, --eval-every 100, --checkpoint-every 100."})
public final class SftCommand extends TrainingCommand implements Callable<Integer> {
    static final TrainingSettings DEFAULTS = new TrainingSettings("adam", Map.of(), 3e-3,
            LearningRateSchedule.Shape.COSINE, 20, 16, 1000, 10, 100, 100);

    @Mixin
    private DataOptions data;

    @Mixin
    private ModelOptions model;

    @Mixin
    private TrainingOptions training;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the data split, model and batch order; "
            + "default ${DEFAULT-VALUE}.")
    private long seed;

    @Mixin
    private RunOptions runOptions;

    @Override
    public Integer call() {
        Tokenizer tokenizer = tokenizer();
        PreferenceDataSpec spec = data.spec();
        TrainingSettings settings = training.settings(DEFAULTS);
        Optimizer optimizer = settings.createOptimizer(catalog);
        Checkpoint init = model.init() == null ? null : CheckpointFile.read(model.init());
        LanguageModelConfig shape = model.newModel(tokenizer.vocabularySize());
        if (init != null) {
            shape = ModelCheckpoints.shape(init, model.init());
        }
        LanguageModelRuns.checkFits(shape, tokenizer, spec.maxLength(),
                init == null ? "the new model" : model.init().toString());
        PreferenceDataSpec.Prepared prepared = spec.prepare(catalog, tokenizer, seed);

        ObjectNode config = config("sft", seed);
        config.setAll(prepared.description());
        config.set("model", ModelCheckpoints.describe(shape));
        if (init != null) {
            config.put("init", model.init().toAbsolutePath().normalize().toString());
            config.put("init_sha256", FileDigest.sha256(model.init()));
        } else {
            config.putNull("init");
        }
        settings.describeInto(config, catalog);
        RunDirectory run = RunDirectory.open(runOptions.out(), runOptions.mode());
        run.record(config);

        PhaseRecorder recorder;
        try (Backend backend = backend(); LanguageModel lm = backend.languageModel(shape, seed)) {
            if (init != null) {
                lm.parameters().copyFrom(init.parameters());
            }
            recorder = phases(run).sft(lm, optimizer, prepared, settings, seed,
                    Map.of("command", "sft", "tokenizer", LanguageModelRuns.TOKENIZER, "optimizer",
                            settings.optimizer()), true);
        }
        run.writeSummary(recorder.summary(TrainingPhases.SFT, settings.steps()));
        PrintWriter out = streams.out();
        out.printf(Locale.ROOT, "sft: %d steps, eval/loss %s; checkpoint %s%n", settings.steps(),
                recorder.lastEval().containsKey("eval/loss")
                        ? String.format(Locale.ROOT, "%.4f", recorder.lastEval().get("eval/loss")) : "n/a",
                run.path().resolve(RunDirectory.CHECKPOINTS).resolve(RunDirectory.LATEST));
        return 0;
    }
}
