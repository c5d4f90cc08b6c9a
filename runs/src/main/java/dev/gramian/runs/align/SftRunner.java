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
import dev.gramian.runs.progress.ProgressDisplay;

import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one {@link SftSpec} into a run directory: checks that the model fits the tokenizer and the
 * longest pair, records {@code config.json} (data, model, {@code init} with its digest, optimiser
 * and training settings), trains by next-token prediction through {@link TrainingPhases#sft}
 * (resuming from the latest checkpoint when the directory resumes) and writes {@code summary.json}.
 */
public final class SftRunner {
    private final PluginCatalog catalog;
    private final ProgressDisplay display;

    /** A runner that creates plugins from {@code catalog} and shows progress on {@code display}. */
    public SftRunner(PluginCatalog catalog, ProgressDisplay display) {
        this.catalog = catalog;
        this.display = display;
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

        ObjectNode config = LanguageModelRuns.config(TrainingPhases.SFT, seed, catalog);
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
        try (Backend backend = Provenance.backend(catalog); LanguageModel lm = backend.languageModel(shape, seed)) {
            if (init != null) {
                lm.parameters().copyFrom(init.parameters());
            }
            recorder = new TrainingPhases(run, display).sft(lm, optimizer, prepared, settings, seed,
                    Map.of("command", TrainingPhases.SFT, "tokenizer", LanguageModelRuns.TOKENIZER, "optimizer",
                            settings.optimizer()), true);
        }
        run.writeSummary(recorder.summary(TrainingPhases.SFT, settings.steps()));
        return new PhaseOutcome(settings.steps(), recorder.lastEval(), run.latestCheckpointFile());
    }
}
