package dev.gramian.runs.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.objectives.margin.align.LearningRateSchedule;
import dev.gramian.objectives.margin.data.TruncationPolicy;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.align.LanguageModelRuns;
import dev.gramian.runs.align.ModelCheckpoints;
import dev.gramian.runs.align.ModelShape;
import dev.gramian.runs.align.PhaseRecorder;
import dev.gramian.runs.align.PreferenceDataSpec;
import dev.gramian.runs.align.TrainingPhases;
import dev.gramian.runs.align.TrainingSettings;
import dev.gramian.runs.progress.ProgressDisplay;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code gramian demo align}'s job: SFT then DPO of a small Transformer ({@link ModelShape#DEFAULT})
 * on the built-in {@code 1t} sentiment pairs, both phases in one run directory (metrics told apart
 * by {@code phase}; only DPO checkpoints), and a {@code summary.json} of two rows, the held-out
 * metrics before and after DPO. SFT must learn the adjectives' polarity first, since DPO from a
 * model that has them wrong widens their wrong margin. The backend runs with
 * {@link Provenance#FIXED_THREADS}, so the numbers are the same on any number of cores.
 */
public final class AlignDemoRunner {
    private static final String COMMAND = "demo align";
    private static final String DATASET = "1t";
    private static final String OBJECTIVE = "dpo";
    private static final Map<String, String> OBJECTIVE_OPTIONS = Map.of("beta", "0.1");
    private static final int MAX_LENGTH = 128;

    private final PluginCatalog catalog;
    private final ProgressDisplay display;
    private final Consumer<String> warnings;

    /** A runner that creates plugins from {@code catalog} and shows progress on {@code display}. */
    public AlignDemoRunner(PluginCatalog catalog, ProgressDisplay display) {
        this(catalog, display, warning -> { });
    }

    /** As {@link #AlignDemoRunner(PluginCatalog, ProgressDisplay)}, the backend's warnings to {@code warnings}. */
    public AlignDemoRunner(PluginCatalog catalog, ProgressDisplay display, Consumer<String> warnings) {
        this.catalog = catalog;
        this.display = display;
        this.warnings = warnings;
    }

    /**
     * What the demo found.
     *
     * @param before the held-out metrics before DPO (after SFT)
     * @param after  the held-out metrics after DPO
     * @param run    the run directory
     */
    public record Outcome(Map<String, Double> before, Map<String, Double> after, Path run) {
        public Outcome {
            before = Map.copyOf(before);
            after = Map.copyOf(after);
        }
    }

    /**
     * Runs the demo in {@code directory}.
     *
     * @param mode what to do with a non-empty directory (the demo does not resume)
     */
    public Outcome run(AlignDemoSpec spec, Path directory, RunDirectory.Mode mode) {
        long seed = spec.seed();
        Tokenizer tokenizer = LanguageModelRuns.tokenizer(catalog);
        var data = new PreferenceDataSpec(null, DATASET, Map.of("size", Integer.toString(spec.pairs())), null, null,
                MAX_LENGTH, TruncationPolicy.ERROR);
        TrainingSettings sft = new TrainingSettings("adam", Map.of(), 3e-3, LearningRateSchedule.Shape.COSINE,
                Math.min(20, spec.sftSteps()), 16, spec.sftSteps(), 10,
                Math.max(1, (int) Math.min(100, spec.sftSteps())), 0);
        TrainingSettings dpo = new TrainingSettings("adam", Map.of(), 3e-4, LearningRateSchedule.Shape.CONSTANT,
                Math.min(10, spec.alignSteps()), 16, spec.alignSteps(), 10, spec.evalEvery(), 0);
        LanguageModelConfig shape = ModelShape.DEFAULT.config(tokenizer.vocabularySize());
        MarginLoss loss = catalog.create(PluginKind.OBJECTIVE, OBJECTIVE, OBJECTIVE_OPTIONS, MarginLoss.class);
        PreferenceDataSpec.Prepared prepared = data.prepare(catalog, tokenizer, seed);

        Map<String, String> backendOptions = spec.precision().backendOptions(Provenance.FIXED_THREADS);
        ObjectNode config = LanguageModelRuns.config(COMMAND, seed, catalog, backendOptions);
        config.setAll(prepared.description());
        config.set("model", ModelCheckpoints.describe(shape));
        Provenance.describePlugin(config, "objective", catalog, PluginKind.OBJECTIVE, OBJECTIVE, OBJECTIVE_OPTIONS);
        sft.describeInto(config.putObject(TrainingPhases.SFT), catalog);
        dpo.describeInto(config.putObject(TrainingPhases.ALIGN), catalog);
        RunDirectory run = RunDirectory.open(directory, mode);
        run.record(config);

        PhaseRecorder aligned;
        try (Backend backend = Provenance.backend(catalog, backendOptions, warnings);
             LanguageModel model = backend.languageModel(shape, seed)) {
            TrainingPhases phases = new TrainingPhases(run, display);
            phases.sft(model, sft.createOptimizer(catalog), prepared, sft, seed, Map.of(), false);
            aligned = phases.align(model, loss, dpo.createOptimizer(catalog), prepared, dpo, seed,
                    Map.of("command", COMMAND, "tokenizer", LanguageModelRuns.TOKENIZER, "objective", OBJECTIVE),
                    true);
        }
        ArrayNode summary = JsonNodeFactory.instance.arrayNode();
        putRow(summary, "before DPO (after SFT)", 0, aligned.firstEval());
        putRow(summary, "after DPO", spec.alignSteps(), aligned.lastEval());
        run.writeSummary(summary);
        return new Outcome(aligned.firstEval(), aligned.lastEval(), run.path());
    }

    private static void putRow(ArrayNode summary, String stage, long step, Map<String, Double> eval) {
        ObjectNode row = summary.addObject();
        row.put("stage", stage);
        row.put("align_step", step);
        RunJson.putNumbers(row, eval);
    }
}
