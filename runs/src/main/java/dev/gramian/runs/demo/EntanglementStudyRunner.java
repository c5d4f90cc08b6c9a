package dev.gramian.runs.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.objectives.margin.align.LearningRateSchedule;
import dev.gramian.objectives.margin.align.PreferenceMetrics;
import dev.gramian.objectives.margin.data.TruncationPolicy;
import dev.gramian.probes.entanglement.EntanglementCase;
import dev.gramian.probes.entanglement.EntanglementProbe;
import dev.gramian.probes.entanglement.PredictionAgreement;
import dev.gramian.runs.JsonLine;
import dev.gramian.runs.MetricRow;
import dev.gramian.runs.MetricsLog;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.RunReader;
import dev.gramian.runs.align.AlignmentExtras;
import dev.gramian.runs.align.LanguageModelRuns;
import dev.gramian.runs.align.ModelCheckpoints;
import dev.gramian.runs.align.ModelShape;
import dev.gramian.runs.align.PhaseRecorder;
import dev.gramian.runs.align.PreferenceDataSpec;
import dev.gramian.runs.align.TrainingPhases;
import dev.gramian.runs.align.TrainingSettings;
import dev.gramian.runs.progress.ProgressDisplay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code gramian demo entanglement}'s job, the entanglement paper's synthetic study. On each built-in
 * sentiment task ({@code 1t}: chosen and rejected differ in one token; {@code short-suffix} and
 * {@code long-suffix}: the differing token is followed by an identical suffix) one model is
 * fine-tuned on the chosen responses ({@code <task>-sft}), and from it three alignment runs start
 * ({@code <task>-<objective>}): {@code dpo}, {@code dpo+normalized} (DPO with pairwise normalized
 * gradient descent) and {@code simpo}, with the entanglement probe on the held-out pairs. Alignment
 * uses plain SGD, so the normalized rule's per-pair guarantee holds for the step actually taken. The
 * study's directory gets {@code config.json} and a {@code summary.json} of one row per task and
 * objective; the backend runs with {@link Provenance#FIXED_THREADS}, so its numbers repeat.
 */
public final class EntanglementStudyRunner {
    private static final String COMMAND = "demo entanglement";
    /** The built-in tasks the study can run, in the order of the summary. */
    public static final List<String> TASKS = List.of("1t", "short-suffix", "long-suffix");
    /** Long enough for the long-suffix pairs (up to about 150 bytes). */
    private static final int MAX_LENGTH = 192;

    /** One alignment run per task: an objective with a rule, named as in the summary's objective column. */
    private record Variant(String name, String objective, Map<String, String> options, String rule) {
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant("dpo", "dpo", Map.of("beta", "0.1"), "gradient"),
            new Variant("dpo+normalized", "dpo", Map.of("beta", "0.1"), "normalized"),
            new Variant("simpo", "simpo", Map.of(), "gradient"));

    private final PluginCatalog catalog;
    private final ProgressDisplay display;
    private final Consumer<String> warnings;

    /** A runner that creates plugins from {@code catalog} and shows progress on {@code display}. */
    public EntanglementStudyRunner(PluginCatalog catalog, ProgressDisplay display) {
        this(catalog, display, warning -> { });
    }

    /** As {@link #EntanglementStudyRunner(PluginCatalog, ProgressDisplay)}, the backend's warnings to {@code warnings}. */
    public EntanglementStudyRunner(PluginCatalog catalog, ProgressDisplay display, Consumer<String> warnings) {
        this.catalog = catalog;
        this.display = display;
        this.warnings = warnings;
    }

    /**
     * Runs the study in {@code directory}, each run in a subdirectory.
     *
     * @param mode what to do with non-empty directories (the study does not resume)
     * @return the summary rows, one per task and objective ({@code task}, {@code objective},
     *         {@code delta_logp_chosen}, {@code delta_logp_rejected}, {@code mean_cosine}, {@code frac_ideal},
     *         {@code frac_both_fall}, {@code frac_both_rise}, {@code eval_accuracy},
     *         {@code prediction_median_relative_error}, {@code prediction_correlation}), and the
     *         alignment runs' directories
     */
    public StudyOutcome run(EntanglementStudySpec spec, Path directory, RunDirectory.Mode mode) {
        long seed = spec.seed();
        Tokenizer tokenizer = LanguageModelRuns.tokenizer(catalog);
        LanguageModelConfig shape = ModelShape.DEFAULT.withContext(MAX_LENGTH).config(tokenizer.vocabularySize());
        TrainingSettings sft = new TrainingSettings("adam", Map.of(), 3e-3, LearningRateSchedule.Shape.COSINE,
                Math.min(20, spec.sftSteps()), spec.sftBatchSize(), spec.sftSteps(), 50, (int) spec.sftSteps(), 0);
        TrainingSettings align = new TrainingSettings("sgd", Map.of(), spec.alignLr(),
                LearningRateSchedule.Shape.CONSTANT, 0, spec.alignBatchSize(), spec.alignSteps(), spec.probeEvery(),
                (int) spec.alignSteps(), 0);
        RunDirectory study = RunDirectory.open(directory, mode);
        ObjectNode studyConfig = header(spec);
        studyConfig.set("model", ModelCheckpoints.describe(shape));
        studyConfig.putPOJO("tasks", spec.tasks());
        studyConfig.putPOJO("objectives", VARIANTS.stream().map(Variant::name).toList());
        studyConfig.put("pairs", spec.pairs());
        studyConfig.put("probe_every", spec.probeEvery());
        studyConfig.put("probe_pairs", spec.probePairs());
        sft.describeInto(studyConfig.putObject(TrainingPhases.SFT), catalog);
        align.describeInto(studyConfig.putObject(TrainingPhases.ALIGN), catalog);
        study.record(studyConfig);

        ArrayNode summary = JsonNodeFactory.instance.arrayNode();
        List<Path> runs = new ArrayList<>();
        try (Backend backend = Provenance.backend(catalog, backendOptions(spec), warnings)) {
            for (String task : spec.tasks()) {
                var data = new PreferenceDataSpec(null, task, Map.of("size", Integer.toString(spec.pairs())), null,
                        null, MAX_LENGTH, TruncationPolicy.ERROR);
                PreferenceDataSpec.Prepared prepared = data.prepare(catalog, tokenizer, seed);
                try (LanguageModel model = backend.languageModel(shape, seed)) {
                    RunDirectory sftRun = RunDirectory.open(directory.resolve(task + "-sft"), mode);
                    ObjectNode sftConfig = header(spec);
                    sftConfig.setAll(prepared.description());
                    sftConfig.set("model", ModelCheckpoints.describe(shape));
                    sft.describeInto(sftConfig.putObject(TrainingPhases.SFT), catalog);
                    sftRun.record(sftConfig);
                    new TrainingPhases(sftRun, display).sft(model, sft.createOptimizer(catalog), prepared, sft, seed,
                            Map.of(), false);
                    ParameterSet start = model.parameters().copy();
                    for (Variant variant : VARIANTS) {
                        model.parameters().copyFrom(start);
                        Path dir = directory.resolve(task + "-" + variant.name());
                        summary.add(alignRun(spec, model, prepared, align, task, variant, dir, mode, tokenizer));
                        runs.add(dir);
                    }
                }
            }
        }
        study.writeSummary(summary);
        return new StudyOutcome(summary, runs);
    }

    private ObjectNode alignRun(EntanglementStudySpec spec, LanguageModel model, PreferenceDataSpec.Prepared prepared,
                                TrainingSettings align, String task, Variant variant, Path dir, RunDirectory.Mode mode,
                                Tokenizer tokenizer) {
        MarginLoss loss = catalog.create(PluginKind.OBJECTIVE, variant.objective(), variant.options(),
                MarginLoss.class);
        AlignmentRule rule = catalog.create(PluginKind.ALIGNMENT_RULE, variant.rule(), Map.of(), AlignmentRule.class);
        Map<String, String> probeOptions = Map.of("every", Integer.toString(spec.probeEvery()));
        Map<String, String> tokenOptions = Map.of("every", Long.toString(spec.alignSteps()), "pairs", "2");
        List<GradientProbe> probes = List.of(
                catalog.create(PluginKind.PROBE, "entanglement", probeOptions, GradientProbe.class),
                catalog.create(PluginKind.PROBE, "token-entanglement", tokenOptions, GradientProbe.class));
        RunDirectory run = RunDirectory.open(dir, mode);
        ObjectNode config = header(spec);
        config.setAll(prepared.description());
        config.set("model", ModelCheckpoints.describe(model.config()));
        describePlugin(config, "objective", PluginKind.OBJECTIVE, variant.objective(), variant.options());
        describePlugin(config, "rule", PluginKind.ALIGNMENT_RULE, variant.rule(), Map.of());
        ObjectNode probeConfig = config.putObject("probes");
        describePlugin(probeConfig, "entanglement", PluginKind.PROBE, "entanglement", probeOptions);
        describePlugin(probeConfig, "token-entanglement", PluginKind.PROBE, "token-entanglement", tokenOptions);
        config.put("probe_pairs", spec.probePairs());
        align.describeInto(config, catalog);
        run.record(config);
        AlignmentExtras extras = new AlignmentExtras(rule, probes, spec.probePairs(),
                id -> tokenizer.decode(new int[]{id}));
        PhaseRecorder recorder = new TrainingPhases(run, display).align(model, loss, align.createOptimizer(catalog),
                prepared, align, spec.seed(), Map.of("command", COMMAND, "objective", variant.name()), false, extras);

        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("task", task);
        row.put("objective", variant.name());
        RunJson.putNumber(row, "delta_logp_chosen",
                change(recorder, PreferenceMetrics.EVAL + PreferenceMetrics.LOGPS_CHOSEN));
        RunJson.putNumber(row, "delta_logp_rejected",
                change(recorder, PreferenceMetrics.EVAL + PreferenceMetrics.LOGPS_REJECTED));
        Map<String, Double> probed = meanOverProbes(run.path().resolve(RunDirectory.METRICS));
        RunJson.putNumber(row, "mean_cosine", probed.getOrDefault(EntanglementProbe.COSINE_MEAN, Double.NaN));
        for (EntanglementCase shown : List.of(EntanglementCase.IDEAL, EntanglementCase.BOTH_FALL,
                EntanglementCase.BOTH_RISE)) {
            String metric = EntanglementProbe.fraction(shown);
            RunJson.putNumber(row, metric.substring(EntanglementProbe.PREFIX.length()),
                    probed.getOrDefault(metric, Double.NaN));
        }
        RunJson.putNumber(row, "eval_accuracy", recorder.lastEval().getOrDefault(
                PreferenceMetrics.EVAL + PreferenceMetrics.REWARDS_ACCURACIES, Double.NaN));
        PredictionAgreement agreement = agreement(run.path());
        RunJson.putNumber(row, "prediction_median_relative_error", agreement.medianRelativeError());
        RunJson.putNumber(row, "prediction_correlation", agreement.correlation());
        return row;
    }

    private void describePlugin(ObjectNode config, String key, PluginKind kind, String id, Map<String, String> given) {
        Provenance.describePlugin(config, key, catalog, kind, id, given);
    }

    /** The probe's predicted against realised log-probability changes, chosen and rejected, every pair and probe. */
    private static PredictionAgreement agreement(Path run) {
        List<JsonLine> rows = new RunReader().read(run).table(EntanglementProbe.TABLE);
        double[] predicted = new double[2 * rows.size()];
        double[] realised = new double[2 * rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            JsonLine r = rows.get(i);
            predicted[2 * i] = r.number(EntanglementProbe.ROW_PREDICTED_DELTA_CHOSEN);
            realised[2 * i] = r.number(EntanglementProbe.ROW_REALISED_DELTA_CHOSEN);
            predicted[2 * i + 1] = r.number(EntanglementProbe.ROW_PREDICTED_DELTA_REJECTED);
            realised[2 * i + 1] = r.number(EntanglementProbe.ROW_REALISED_DELTA_REJECTED);
        }
        return PredictionAgreement.of(predicted, realised);
    }

    /** The start of each config.json: the study's backend runs with fixed thread counts, so its numbers repeat. */
    private ObjectNode header(EntanglementStudySpec spec) {
        return LanguageModelRuns.config(COMMAND, spec.seed(), catalog, backendOptions(spec));
    }

    private static Map<String, String> backendOptions(EntanglementStudySpec spec) {
        return spec.precision().backendOptions(Provenance.FIXED_THREADS);
    }

    private static double change(PhaseRecorder recorder, String metric) {
        return recorder.lastEval().getOrDefault(metric, Double.NaN)
                - recorder.firstEval().getOrDefault(metric, Double.NaN);
    }

    /** The mean of every entanglement probe metric over the rows of {@code metrics.jsonl} that have it. */
    private static Map<String, Double> meanOverProbes(Path metrics) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (MetricRow row : MetricsLog.read(metrics)) {
            row.values().forEach((key, value) -> {
                if (key.startsWith(EntanglementProbe.PREFIX) && !Double.isNaN(value)) {
                    double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
                    sum[0] += value;
                    sum[1]++;
                }
            });
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((key, sum) -> means.put(key, sum[0] / sum[1]));
        return means;
    }
}
