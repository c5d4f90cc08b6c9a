package dev.gramian.cli.align;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.cli.option.RunOptions;
import dev.gramian.objectives.margin.align.LearningRateSchedule;
import dev.gramian.objectives.margin.data.TrlPreferenceEncoder;
import dev.gramian.runs.FileDigest;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.align.AlignmentExtras;
import dev.gramian.runs.align.LanguageModelRuns;
import dev.gramian.runs.align.ModelCheckpoints;
import dev.gramian.runs.align.PhaseRecorder;
import dev.gramian.runs.align.PreferenceDataSpec;
import dev.gramian.runs.align.TrainingPhases;
import dev.gramian.runs.align.TrainingSettings;
import dev.gramian.runs.pretrained.PretrainedFolder;
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
 * log-probabilities are computed once per pair with the init parameters (again on
 * {@code --resume}, from the same checkpoint).
 */
@Command(name = "align", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Align a language model on preference pairs with a margin-loss objective (dpo, ipo, "
                + "simpo, ...; see 'gramian plugins list --kind objective').",
            "The --init checkpoint (e.g. from 'gramian sft') or the --model folder is the starting policy and the "
                + "reference model; with --model, --lora-rank trains a LoRA adapter instead of all weights.",
            "Writes --out/config.json, metrics.jsonl with TRL's names (loss, rewards/chosen, rewards/rejected, "
                + "rewards/margins, rewards/accuracies, logps/chosen, logps/rejected, learning_rate, and eval/...), "
                + "summary.json and checkpoints/.",
            "Defaults: --objective dpo, adam, --lr 3e-4, constant schedule, --warmup 10, --batch-size 16, "
                + "--steps 300, --log-every 10, --eval-every 50, --checkpoint-every 50."})
public final class AlignCommand extends TrainingCommand implements Callable<Integer> {
    static final TrainingSettings DEFAULTS = new TrainingSettings("adam", Map.of(), 3e-4,
            LearningRateSchedule.Shape.CONSTANT, 10, 16, 300, 10, 50, 50);

    @Mixin
    private DataOptions data;

    @Option(names = "--init", paramLabel = "CKPT",
            description = "The checkpoint to align (gramian sft's checkpoints/latest.ckpt): policy start and reference.")
    private Path init;

    @Mixin
    private PretrainedOptions pretrained;

    @Option(names = "--objective", defaultValue = "dpo", paramLabel = "ID[:W],...",
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
    private ProbeOptions probing;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the data split and batch order; "
            + "default ${DEFAULT-VALUE}.")
    private long seed;

    @Mixin
    private RunOptions runOptions;

    @Override
    public Integer call() {
        if ((init == null) == (pretrained.model() == null)) {
            throw GramianException.usage("give exactly one of --init CKPT (a Gramian model) and --model DIR "
                    + "(a Hugging Face folder)");
        }
        LoraSpec lora = pretrained.lora();
        if (pretrained.model() != null) {
            return alignPretrained(lora);
        }
        Tokenizer tokenizer = tokenizer();
        PreferenceDataSpec spec = data.spec();
        TrainingSettings settings = training.settings(DEFAULTS);
        Optimizer optimizer = settings.createOptimizer(catalog);
        ObjectiveSpec objectiveSpec = ObjectiveSpec.parse(objective);
        Objective loss;
        try {
            loss = objectiveSpec.create(catalog, objectiveOptions);
        } catch (GramianException failure) {
            throw Provenance.withRecordedPluginPath(failure, runOptions.out());
        }
        Checkpoint start = CheckpointFile.read(init);
        LanguageModelConfig shape = ModelCheckpoints.shape(start, init);
        LanguageModelRuns.checkFits(shape, tokenizer, spec.maxLength(), init.toString());
        PreferenceDataSpec.Prepared prepared = spec.prepare(catalog, tokenizer, seed);

        ObjectNode config = config("align", seed);
        config.setAll(prepared.description());
        config.set("model", ModelCheckpoints.describe(shape));
        config.put("init", init.toAbsolutePath().normalize().toString());
        config.put("init_sha256", FileDigest.sha256(init));
        AlignmentExtras extras = describe(config, objectiveSpec, tokenizer, settings);
        RunDirectory run = RunDirectory.open(runOptions.out(), runOptions.mode());
        run.record(config);

        PhaseRecorder recorder;
        try (Backend backend = backend(); LanguageModel policy = backend.languageModel(shape, seed)) {
            policy.parameters().copyFrom(start.parameters());
            recorder = phases(run).align(policy, loss, optimizer, prepared, settings, seed,
                    Map.of("command", "align", "tokenizer", LanguageModelRuns.TOKENIZER, "objective",
                            objectiveSpec.text(), "optimizer", settings.optimizer()), true, extras);
        }
        run.writeSummary(recorder.summary(TrainingPhases.ALIGN, settings.steps()));
        String accuracy = "eval/rewards/accuracies";
        streams.out().printf(Locale.ROOT, "align: %d steps of %s%s; checkpoint %s%n", settings.steps(), objectiveSpec.text(),
                recorder.lastEval().containsKey(accuracy) ? String.format(Locale.ROOT,
                        ", %s %.3f", accuracy, recorder.lastEval().get(accuracy)) : "",
                run.path().resolve(RunDirectory.CHECKPOINTS).resolve(RunDirectory.LATEST));
        return 0;
    }

    /** Records the objective, rule, probes and settings in {@code config}; returns the rule and probes. */
    private AlignmentExtras describe(ObjectNode config, ObjectiveSpec objectiveSpec, Tokenizer tokenizer,
                                     TrainingSettings settings) {
        describeObjective(config, objectiveSpec, objectiveOptions);
        AlignmentExtras extras = probing.extras(catalog, tokenizer);
        describePlugin(config, "rule", PluginKind.ALIGNMENT_RULE, probing.rule(), probing.ruleOptions());
        ObjectNode probes = config.putObject("probes");
        probing.probes().forEach(probe -> describePlugin(probes, probe.id(), PluginKind.PROBE, probe.id(),
                probe.options()));
        config.put("probe_pairs", extras.probePairs());
        settings.describeInto(config, catalog);
        return extras;
    }

    /** {@code align --model DIR}: the folder's weights (or a LoRA adapter on them) are policy start and reference. */
    private int alignPretrained(LoraSpec lora) {
        PretrainedFolder folder = PretrainedFolder.load(pretrained.model());
        PreferenceDataSpec spec = data.spec();
        if (spec.maxLength() > folder.spec().context() + 1) {
            throw GramianException.usage("--max-length " + spec.maxLength() + " exceeds the model's context of "
                    + folder.spec().context() + " positions (+1)");
        }
        TrainingSettings settings = training.settings(DEFAULTS);
        Optimizer optimizer = settings.createOptimizer(catalog);
        ObjectiveSpec objectiveSpec = ObjectiveSpec.parse(objective);
        Objective loss = objectiveSpec.create(catalog, objectiveOptions);
        PreferenceDataSpec.Prepared prepared = spec.prepare(catalog, new TrlPreferenceEncoder(folder.tokenizer(),
                spec.maxLength(), spec.truncation(), warning -> streams.err().println("warning: " + warning)), seed);
        ObjectNode config = config("align", seed);
        config.setAll(prepared.description());
        config.set("model", folder.describe(lora));
        AlignmentExtras extras = describe(config, objectiveSpec, folder.tokenizer(), settings);
        RunDirectory run = RunDirectory.open(runOptions.out(), runOptions.mode());
        run.record(config);
        PhaseRecorder recorder;
        try (Backend backend = backend(); LanguageModel policy = folder.model(backend, lora, seed)) {
            recorder = phases(run).align(policy, loss, optimizer, prepared, settings, seed,
                    Map.of("command", "align", "model", pretrained.model().toAbsolutePath().normalize().toString(),
                            "objective", objectiveSpec.text(), "optimizer", settings.optimizer()), true, extras);
        }
        run.writeSummary(recorder.summary(TrainingPhases.ALIGN, settings.steps()));
        streams.out().printf(Locale.ROOT, "align: %d steps of %s on %s%s; checkpoint %s%n", settings.steps(),
                objectiveSpec.text(), pretrained.model(), lora == null ? "" : " (LoRA rank " + lora.rank() + ")",
                run.path().resolve(RunDirectory.CHECKPOINTS).resolve(RunDirectory.LATEST));
        return 0;
    }
}
