package dev.gramian.runs.align;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.pretrained.PretrainedFolder;
import dev.gramian.runs.progress.ProgressDisplay;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one {@link SftSpec} into a run directory: checks that the model fits the tokenizer and the
 * longest pair, records {@code config.json} (data, model, {@code init} with its digest, optimiser
 * and training settings), trains by next-token prediction through {@link TrainingPhases#sft}
 * (resuming from the latest checkpoint when the directory resumes) and writes {@code summary.json}.
 * The model is a new built-in one, an {@code init} checkpoint's, or a Hugging Face folder's (all
 * weights or a LoRA adapter), whose pairs are tokenised as TRL does and whose run {@code export}
 * writes back as a folder.
 */
public final class SftRunner {
    private final PluginCatalog catalog;
    private final ProgressDisplay display;
    private final Consumer<String> warnings;
    private final Map<String, String> backendOptions;

    /**
     * A runner that creates plugins from {@code catalog}, shows progress on {@code display} and
     * passes tokenisation warnings (a folder's pairs whose prompt tokens are not a prefix) and the
     * backend's (bfloat16 asked for where it runs float32) to {@code warnings}.
     */
    public SftRunner(PluginCatalog catalog, ProgressDisplay display, Consumer<String> warnings) {
        this(catalog, display, warnings, Map.of());
    }

    /**
     * As {@link #SftRunner(PluginCatalog, ProgressDisplay, Consumer)}, the backend created with
     * {@code backendOptions} (recorded in config.json) and the spec's {@link SftSpec#precision()}.
     */
    public SftRunner(PluginCatalog catalog, ProgressDisplay display, Consumer<String> warnings,
                     Map<String, String> backendOptions) {
        this.catalog = catalog;
        this.display = display;
        this.warnings = warnings;
        this.backendOptions = Map.copyOf(backendOptions);
    }

    private Backend backend(SftSpec spec) {
        return Provenance.backend(catalog, spec.precision().backendOptions(backendOptions), warnings);
    }

    private ObjectNode config(SftSpec spec) {
        return LanguageModelRuns.config(TrainingPhases.SFT, spec.seed(), catalog,
                spec.precision().backendOptions(backendOptions));
    }

    /**
     * Runs {@code spec} in {@code directory}; nothing is written when the data, the model or a plugin
     * is at fault.
     *
     * @param mode what to do with a non-empty directory
     * @throws GramianException for bad data, a model that does not fit, unknown plugins, an occupied
     *                          directory, a resume with other settings, or a run that diverges
     */
    public PhaseOutcome run(SftSpec spec, Path directory, RunDirectory.Mode mode) {
        if (spec.model() != null) {
            return sftFolder(spec, directory, mode);
        }
        Tokenizer tokenizer = LanguageModelRuns.tokenizer(catalog);
        TrainingSettings settings = spec.settings();
        long seed = spec.seed();
        Optimizer optimizer = settings.createOptimizer(catalog);
        Checkpoint init = spec.init() == null ? null : CheckpointFile.read(spec.init());
        LanguageModelConfig shape = init != null ? ModelCheckpoints.shape(init, spec.init())
                : spec.shape().config(tokenizer.vocabularySize());
        LanguageModelRuns.checkFits(shape, tokenizer, spec.data().maxLength(),
                init == null ? "the new model" : spec.init().toString());
        PreferenceDataSpec.Prepared prepared = spec.data().prepare(catalog, tokenizer, seed);

        ObjectNode config = config(spec);
        config.setAll(prepared.description());
        config.set("model", ModelCheckpoints.describe(shape));
        if (init != null) {
            LanguageModelRuns.describeFile(config, "init", spec.init());
        } else {
            config.putNull("init");
        }
        settings.describeInto(config, catalog);
        RunDirectory run = RunDirectory.open(directory, mode);
        run.record(config);

        PhaseRecorder recorder;
        try (Backend backend = backend(spec); LanguageModel lm = backend.languageModel(shape, seed)) {
            if (init != null) {
                lm.parameters().copyFrom(init.parameters());
            }
            recorder = new TrainingPhases(run, display).sft(lm, optimizer, prepared, settings, seed,
                    Map.of("command", TrainingPhases.SFT, "tokenizer", LanguageModelRuns.TOKENIZER, "optimizer",
                            settings.optimizer()), true);
        }
        return finish(run, recorder, settings);
    }

    /** {@code --model DIR}: the folder's weights, or a LoRA adapter on them, trained on prompt + chosen. */
    private PhaseOutcome sftFolder(SftSpec spec, Path directory, RunDirectory.Mode mode) {
        PretrainedFolder folder = PretrainedFolder.load(spec.model());
        TrainingSettings settings = spec.settings();
        Optimizer optimizer = settings.createOptimizer(catalog);
        PreferenceDataSpec.Prepared prepared = LanguageModelRuns.prepare(spec.data(), folder, catalog, warnings,
                spec.seed());
        ObjectNode config = config(spec);
        config.setAll(prepared.description());
        config.set("model", folder.describe(spec.lora()));
        settings.describeInto(config, catalog);
        RunDirectory run = RunDirectory.open(directory, mode);
        run.record(config);
        PhaseRecorder recorder;
        try (Backend backend = backend(spec);
             LanguageModel lm = folder.model(backend, spec.lora(), spec.seed())) {
            recorder = new TrainingPhases(run, display).sft(lm, optimizer, prepared, settings, spec.seed(),
                    Map.of("command", TrainingPhases.SFT, "model", spec.model().toAbsolutePath().normalize().toString(),
                            "optimizer", settings.optimizer()), true);
        }
        return finish(run, recorder, settings);
    }

    private static PhaseOutcome finish(RunDirectory run, PhaseRecorder recorder, TrainingSettings settings) {
        run.writeSummary(recorder.summary(TrainingPhases.SFT, settings.steps()));
        return new PhaseOutcome(settings.steps(), recorder.lastEval(), run.latestCheckpointFile());
    }
}
