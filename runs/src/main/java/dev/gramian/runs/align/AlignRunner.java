package dev.gramian.runs.align;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.objectives.margin.align.AlignmentOptions;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.pretrained.PretrainedFolder;
import dev.gramian.runs.progress.ProgressDisplay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one {@link AlignSpec} into a run directory: creates the objective, rule, probes and optimiser
 * (a bad id or option fails before anything is written), reads the model — a Gramian checkpoint, or
 * a Hugging Face folder whose pairs are tokenised as TRL does — records {@code config.json}, aligns
 * through {@link TrainingPhases#align} (the starting parameters are the reference; resuming from the
 * latest checkpoint when the directory resumes), with a few held-out prompts completed before and
 * after ({@link HeldOutCompletions}), and writes {@code summary.json}.
 */
public final class AlignRunner {
    private final PluginCatalog catalog;
    private final ProgressDisplay display;
    private final Consumer<String> warnings;
    private final Map<String, String> backendOptions;

    /**
     * A runner that creates plugins from {@code catalog}, shows progress on {@code display} and
     * passes tokenisation warnings (a folder's pairs whose prompt tokens are not a prefix) and the
     * backend's (bfloat16 asked for where it runs float32) to {@code warnings}.
     */
    public AlignRunner(PluginCatalog catalog, ProgressDisplay display, Consumer<String> warnings) {
        this(catalog, display, warnings, Map.of());
    }

    /**
     * As {@link #AlignRunner(PluginCatalog, ProgressDisplay, Consumer)}, the backend created with
     * {@code backendOptions} and the spec's {@link AlignSpec#precision()}.
     */
    public AlignRunner(PluginCatalog catalog, ProgressDisplay display, Consumer<String> warnings,
                       Map<String, String> backendOptions) {
        this.catalog = catalog;
        this.display = display;
        this.warnings = warnings;
        this.backendOptions = Map.copyOf(backendOptions);
    }

    /**
     * Runs {@code spec} in {@code directory}.
     *
     * @param mode what to do with a non-empty directory
     * @throws GramianException for bad data, a model that does not fit, unknown plugins, an occupied
     *                          directory, a resume with other settings, or a run that diverges
     */
    public PhaseOutcome run(AlignSpec spec, Path directory, RunDirectory.Mode mode) {
        return spec.model() != null ? alignFolder(spec, directory, mode) : alignCheckpoint(spec, directory, mode);
    }

    /** {@code --init CKPT}: the checkpoint's parameters are policy start and reference. */
    private PhaseOutcome alignCheckpoint(AlignSpec spec, Path directory, RunDirectory.Mode mode) {
        Map<String, String> backendOptions = spec.precision().backendOptions(this.backendOptions);
        Tokenizer tokenizer = LanguageModelRuns.tokenizer(catalog);
        TrainingSettings settings = spec.settings();
        Optimizer optimizer = settings.createOptimizer(catalog);
        Objective loss;
        try {
            loss = spec.objective().create(catalog, spec.objectiveOptions());
        } catch (GramianException failure) {
            throw Provenance.withRecordedPluginPath(failure, directory);
        }
        Checkpoint start = CheckpointFile.read(spec.init());
        LanguageModelConfig shape = ModelCheckpoints.shape(start, spec.init());
        LanguageModelRuns.checkFits(shape, tokenizer, spec.data().maxLength(), spec.init().toString());
        PreferenceDataSpec.Prepared prepared = spec.data().prepare(catalog, tokenizer, spec.seed());

        ObjectNode config = LanguageModelRuns.config(TrainingPhases.ALIGN, spec.seed(), catalog, backendOptions);
        config.setAll(prepared.description());
        config.set("model", ModelCheckpoints.describe(shape));
        LanguageModelRuns.describeFile(config, "init", spec.init());
        AlignmentExtras extras = describe(config, spec, loss, tokenizer);
        RunDirectory run = RunDirectory.open(directory, mode);
        run.record(config);

        PhaseRecorder recorder;
        HeldOutCompletions completions = HeldOutCompletions.of(prepared, spec.completions(), tokenizer);
        try (Backend backend = Provenance.backend(catalog, backendOptions, warnings);
             LanguageModel policy = backend.languageModel(shape, spec.seed())) {
            policy.parameters().copyFrom(start.parameters());
            before(completions, run, policy);
            recorder = new TrainingPhases(run, display).align(policy, loss, optimizer, prepared, settings, spec.seed(),
                    Map.of("command", TrainingPhases.ALIGN, "tokenizer", LanguageModelRuns.TOKENIZER, "objective",
                            spec.objective().text(), "optimizer", settings.optimizer()), true, extras, spec.options(),
                    () -> backend.languageModel(shape, spec.seed()));
            after(completions, run, policy);
        }
        return finish(run, recorder, settings);
    }

    /** {@code --model DIR}: the folder's weights (or a LoRA adapter on them) are policy start and reference. */
    private PhaseOutcome alignFolder(AlignSpec spec, Path directory, RunDirectory.Mode mode) {
        Map<String, String> backendOptions = spec.precision().backendOptions(this.backendOptions);
        PretrainedFolder folder = PretrainedFolder.load(spec.model());
        TrainingSettings settings = spec.settings();
        Optimizer optimizer = settings.createOptimizer(catalog);
        Objective loss = spec.objective().create(catalog, spec.objectiveOptions());
        PreferenceDataSpec.Prepared prepared = LanguageModelRuns.prepare(spec.data(), folder, catalog, warnings,
                spec.seed());
        ObjectNode config = LanguageModelRuns.config(TrainingPhases.ALIGN, spec.seed(), catalog, backendOptions);
        config.setAll(prepared.description());
        config.set("model", folder.describe(spec.lora()));
        AlignmentExtras extras = describe(config, spec, loss, folder.tokenizer());
        RunDirectory run = RunDirectory.open(directory, mode);
        run.record(config);
        PhaseRecorder recorder;
        HeldOutCompletions completions = HeldOutCompletions.of(prepared, spec.completions(), folder.tokenizer());
        try (Backend backend = Provenance.backend(catalog, backendOptions, warnings);
             LanguageModel policy = folder.model(backend, spec.lora(), spec.seed())) {
            before(completions, run, policy);
            recorder = new TrainingPhases(run, display).align(policy, loss, optimizer, prepared, settings, spec.seed(),
                    Map.of("command", TrainingPhases.ALIGN, "model",
                            spec.model().toAbsolutePath().normalize().toString(), "objective",
                            spec.objective().text(), "optimizer", settings.optimizer()), true, extras, spec.options(),
                    () -> folder.model(backend, null, spec.seed()));
            after(completions, run, policy);
        }
        return finish(run, recorder, settings);
    }

    private static void before(HeldOutCompletions completions, RunDirectory run, LanguageModel policy) {
        if (completions != null) {
            completions.before(run, policy);
        }
    }

    private static void after(HeldOutCompletions completions, RunDirectory run, LanguageModel policy) {
        if (completions != null) {
            completions.after(run, policy);
        }
    }

    private static PhaseOutcome finish(RunDirectory run, PhaseRecorder recorder, TrainingSettings settings) {
        run.writeSummary(recorder.summary(TrainingPhases.ALIGN, settings.steps()));
        return new PhaseOutcome(settings.steps(), recorder.lastEval(), run.latestCheckpointFile());
    }

    /**
     * Adds TRL's training options to {@code training} under TRL's names, each only when it is not
     * the default, so that runs without them read as before.
     */
    static void describeOptions(ObjectNode training, AlignmentOptions options) {
        options.ldAlpha().ifPresent(alpha -> training.put("ld_alpha", alpha));
        if (options.useWeighting()) {
            training.put("use_weighting", true);
        }
        options.referenceSync().ifPresent(sync -> {
            training.put("sync_ref_model", true);
            training.put("ref_model_mixup_alpha", sync.mixupAlpha());
            training.put("ref_model_sync_steps", sync.syncSteps());
        });
        if (options.maxGradNorm() > 0) {
            training.put("max_grad_norm", options.maxGradNorm());
        }
    }

    /**
     * Records the objective, rule, probes and settings in {@code config}; returns the rule and probes,
     * created from the catalog, with {@code tokenizer} to show tokens in probe tables, after checking
     * that TRL's training options fit {@code loss}, the rule and the probes.
     */
    private AlignmentExtras describe(ObjectNode config, AlignSpec spec, Objective loss, Tokenizer tokenizer) {
        LanguageModelRuns.describeObjective(config, spec.objective(), spec.objectiveOptions(), catalog);
        List<GradientProbe> probes = new ArrayList<>();
        for (ProbeSpec probe : spec.probes()) {
            probes.add(catalog.create(PluginKind.PROBE, probe.id(), probe.options(), GradientProbe.class));
        }
        AlignmentExtras extras = new AlignmentExtras(catalog.create(PluginKind.ALIGNMENT_RULE, spec.rule(),
                spec.ruleOptions(), AlignmentRule.class), probes, spec.probePairs(),
                id -> tokenizer.decode(new int[]{id}));
        Provenance.describePlugin(config, "rule", catalog, PluginKind.ALIGNMENT_RULE, spec.rule(), spec.ruleOptions());
        ObjectNode described = config.putObject("probes");
        spec.probes().forEach(probe -> Provenance.describePlugin(described, probe.id(), catalog, PluginKind.PROBE,
                probe.id(), probe.options()));
        config.put("probe_pairs", extras.probePairs());
        spec.settings().describeInto(config, catalog);
        describeOptions((ObjectNode) config.get("training"), spec.options());
        TrainingPhases.check(loss, extras, spec.options());
        return extras;
    }
}
