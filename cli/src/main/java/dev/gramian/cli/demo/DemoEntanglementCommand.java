package dev.gramian.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.cli.align.ModelOptions;
import dev.gramian.cli.align.TrainingCommand;
import dev.gramian.objectives.margin.align.LearningRateSchedule;
import dev.gramian.objectives.margin.data.TruncationPolicy;
import dev.gramian.probes.entanglement.EntanglementCase;
import dev.gramian.probes.entanglement.EntanglementProbe;
import dev.gramian.report.ReportWriter;
import dev.gramian.runs.MetricRow;
import dev.gramian.runs.MetricsLog;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.align.AlignmentExtras;
import dev.gramian.runs.align.ModelCheckpoints;
import dev.gramian.runs.align.PhaseRecorder;
import dev.gramian.runs.align.PreferenceDataSpec;
import dev.gramian.runs.align.TrainingPhases;
import dev.gramian.runs.align.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian demo entanglement}: the entanglement paper's synthetic study. On each built-in
 * sentiment task ({@code 1t}: chosen and rejected differ in one token; {@code short-suffix} and
 * {@code long-suffix}: the differing token is followed by an identical suffix) one model is
 * fine-tuned on the chosen responses, and from it three alignment runs start: {@code dpo},
 * {@code dpo+normalized} (DPO with pairwise normalized gradient descent) and {@code simpo}, with
 * the entanglement probe on the held-out pairs. Alignment uses plain SGD, so the normalized rule's
 * per-pair guarantee (chosen does not fall for a step on the pair alone) holds for the step
 * actually taken (the probe's predictions follow whatever step is taken). The default
 * step size was chosen as the largest tried (0.1, 0.02, 0.005) at which the predicted changes of the
 * probe pairs' log-probabilities track the realised ones; with the larger ones the long-suffix runs
 * diverge (summed log-probabilities below −30) and the first-order law no longer describes a step.
 */
@Command(name = "entanglement", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The gradient-entanglement study on the built-in 1t, short-suffix and long-suffix tasks: "
                + "SFT per task, then dpo, dpo+normalized (pairwise normalized gradient descent) and simpo with "
                + "the entanglement probe on.",
            "Prints a table and writes --out/summary.json (one row per task and objective: delta_logp_chosen, "
                + "delta_logp_rejected = mean change on the held-out pairs from start to end of alignment, "
                + "mean_cosine = mean over probes, frac_ideal, frac_both_fall, frac_both_rise), a run directory "
                + "per SFT and alignment run (metrics.jsonl, entanglement-pairs.jsonl, token-entanglement.jsonl) "
                + "and report.html.",
            "A few minutes on two CPU cores with the defaults."})
public final class DemoEntanglementCommand extends TrainingCommand implements Callable<Integer> {
    private static final List<String> TASKS = List.of("1t", "short-suffix", "long-suffix");
    /** Long enough for the long-suffix pairs (up to about 150 bytes). */
    private static final int MAX_LENGTH = 192;

    /** One alignment run per task: an objective with a rule, named as in the summary's objective column. */
    private record Variant(String name, String objective, Map<String, String> options, String rule) {
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant("dpo", "dpo", Map.of("beta", "0.1"), "gradient"),
            new Variant("dpo+normalized", "dpo", Map.of("beta", "0.1"), "normalized"),
            new Variant("simpo", "simpo", Map.of(), "gradient"));

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo-entanglement",
            description = "Where to write; default ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--force", description = "Start over in a non-empty --out, replacing its run files.")
    private boolean force;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "1000",
            description = "Pairs generated per task (10%% held out); default ${DEFAULT-VALUE}.")
    private int pairs;

    @Option(names = "--sft-steps", paramLabel = "N", defaultValue = "300",
            description = "SFT steps per task; default ${DEFAULT-VALUE}.")
    private long sftSteps;

    @Option(names = "--align-steps", paramLabel = "N", defaultValue = "80",
            description = "Alignment steps per run; default ${DEFAULT-VALUE}.")
    private long alignSteps;

    @Option(names = "--align-lr", paramLabel = "LR", defaultValue = "0.005",
            description = "SGD learning rate of alignment; default ${DEFAULT-VALUE}, small enough that the probe's "
                    + "first-order predictions track the realised changes (0.02 and 0.1 diverge on long-suffix).")
    private double alignLr;

    @Option(names = "--probe-every", paramLabel = "N", defaultValue = "10",
            description = "Probe every N alignment steps; default ${DEFAULT-VALUE}.")
    private int probeEvery;

    @Option(names = "--probe-pairs", paramLabel = "N", defaultValue = "16",
            description = "Held-out pairs in the probe set; default ${DEFAULT-VALUE}.")
    private int probePairs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of data, model and batch order; default "
            + "${DEFAULT-VALUE}.")
    private long seed;

    @Override
    public Integer call() {
        if (probeEvery < 1 || probePairs < 1) {
            throw GramianException.usage("--probe-every and --probe-pairs must be at least 1");
        }
        Tokenizer tokenizer = tokenizer();
        LanguageModelConfig shape = new LanguageModelConfig(tokenizer.vocabularySize(), MAX_LENGTH,
                ModelOptions.LAYERS, ModelOptions.WIDTH, ModelOptions.HEADS, ModelOptions.MLP);
        TrainingSettings sft = new TrainingSettings("adam", Map.of(), 3e-3, LearningRateSchedule.Shape.COSINE,
                Math.min(20, sftSteps), 16, sftSteps, 50, (int) sftSteps, 0);
        TrainingSettings align = new TrainingSettings("sgd", Map.of(), alignLr, LearningRateSchedule.Shape.CONSTANT,
                0, 8, alignSteps, probeEvery, (int) alignSteps, 0);
        RunDirectory.Mode mode = force ? RunDirectory.Mode.FORCE : RunDirectory.Mode.FRESH;
        RunDirectory demo = RunDirectory.open(out, mode);
        ObjectNode demoConfig = config("demo entanglement", seed);
        demoConfig.set("model", ModelCheckpoints.describe(shape));
        demoConfig.putPOJO("tasks", TASKS);
        demoConfig.putPOJO("objectives", VARIANTS.stream().map(Variant::name).toList());
        demoConfig.put("pairs", pairs);
        demoConfig.put("probe_every", probeEvery);
        demoConfig.put("probe_pairs", probePairs);
        sft.describeInto(demoConfig.putObject(TrainingPhases.SFT), catalog);
        align.describeInto(demoConfig.putObject(TrainingPhases.ALIGN), catalog);
        demo.record(demoConfig);

        ArrayNode summary = JsonNodeFactory.instance.arrayNode();
        List<Path> runs = new ArrayList<>();
        try (Backend backend = backend()) {
            for (String task : TASKS) {
                var spec = new PreferenceDataSpec(null, task, Map.of("size", Integer.toString(pairs)), null, null,
                        MAX_LENGTH, TruncationPolicy.ERROR);
                PreferenceDataSpec.Prepared prepared = spec.prepare(catalog, tokenizer, seed);
                try (LanguageModel model = backend.languageModel(shape, seed)) {
                    RunDirectory sftRun = RunDirectory.open(out.resolve(task + "-sft"), mode);
                    ObjectNode sftConfig = config("demo entanglement", seed);
                    sftConfig.setAll(prepared.description());
                    sftConfig.set("model", ModelCheckpoints.describe(shape));
                    sft.describeInto(sftConfig.putObject(TrainingPhases.SFT), catalog);
                    sftRun.record(sftConfig);
                    phases(sftRun).sft(model, sft.createOptimizer(catalog), prepared, sft, seed, Map.of(), false);
                    ParameterSet start = model.parameters().copy();
                    for (Variant variant : VARIANTS) {
                        model.parameters().copyFrom(start);
                        Path dir = out.resolve(task + "-" + variant.name());
                        summary.add(alignRun(model, prepared, align, task, variant, dir, mode, tokenizer));
                        runs.add(dir);
                    }
                }
            }
        }
        demo.writeSummary(summary);
        printTable(streams.out(), summary);
        Path report = new ReportWriter().write(runs, out.resolve(RunDirectory.REPORT));
        streams.out().println("summary: " + out.resolve(RunDirectory.SUMMARY));
        streams.out().println("report: " + report);
        return 0;
    }

    private ObjectNode alignRun(LanguageModel model, PreferenceDataSpec.Prepared prepared, TrainingSettings align,
                                String task, Variant variant, Path dir, RunDirectory.Mode mode, Tokenizer tokenizer) {
        MarginLoss loss = catalog.create(PluginKind.OBJECTIVE, variant.objective(), variant.options(),
                MarginLoss.class);
        AlignmentRule rule = catalog.create(PluginKind.ALIGNMENT_RULE, variant.rule(), Map.of(), AlignmentRule.class);
        Map<String, String> probeOptions = Map.of("every", Integer.toString(probeEvery));
        Map<String, String> tokenOptions = Map.of("every", Long.toString(alignSteps), "pairs", "2");
        List<GradientProbe> probes = List.of(
                catalog.create(PluginKind.PROBE, "entanglement", probeOptions, GradientProbe.class),
                catalog.create(PluginKind.PROBE, "token-entanglement", tokenOptions, GradientProbe.class));
        RunDirectory run = RunDirectory.open(dir, mode);
        ObjectNode config = config("demo entanglement", seed);
        config.setAll(prepared.description());
        config.set("model", ModelCheckpoints.describe(model.config()));
        describePlugin(config, "objective", PluginKind.OBJECTIVE, variant.objective(), variant.options());
        describePlugin(config, "rule", PluginKind.ALIGNMENT_RULE, variant.rule(), Map.of());
        ObjectNode probeConfig = config.putObject("probes");
        describePlugin(probeConfig, "entanglement", PluginKind.PROBE, "entanglement", probeOptions);
        describePlugin(probeConfig, "token-entanglement", PluginKind.PROBE, "token-entanglement",
                tokenOptions);
        config.put("probe_pairs", probePairs);
        align.describeInto(config, catalog);
        run.record(config);
        AlignmentExtras extras = new AlignmentExtras(rule, probes, probePairs, id -> tokenizer.decode(new int[]{id}));
        PhaseRecorder recorder = phases(run).align(model, loss, align.createOptimizer(catalog), prepared, align, seed,
                Map.of("command", "demo entanglement", "objective", variant.name()), false, extras);

        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("task", task);
        row.put("objective", variant.name());
        RunJson.putNumber(row, "delta_logp_chosen", change(recorder, "eval/logps/chosen"));
        RunJson.putNumber(row, "delta_logp_rejected", change(recorder, "eval/logps/rejected"));
        Map<String, Double> probed = meanOverProbes(run.path().resolve(RunDirectory.METRICS));
        RunJson.putNumber(row, "mean_cosine", probed.getOrDefault(EntanglementProbe.COSINE_MEAN, Double.NaN));
        for (EntanglementCase shown : List.of(EntanglementCase.IDEAL, EntanglementCase.BOTH_FALL,
                EntanglementCase.BOTH_RISE)) {
            String metric = EntanglementProbe.fraction(shown);
            RunJson.putNumber(row, metric.substring(EntanglementProbe.PREFIX.length()),
                    probed.getOrDefault(metric, Double.NaN));
        }
        RunJson.putNumber(row, "eval_accuracy", recorder.lastEval().getOrDefault("eval/rewards/accuracies", Double.NaN));
        return row;
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

    private static void printTable(PrintWriter out, ArrayNode summary) {
        out.printf(Locale.ROOT, "%-13s %-15s %10s %10s %8s %7s %9s %9s %8s%n", "task", "objective", "dlogp_ch",
                "dlogp_rej", "cosine", "ideal", "both_fall", "both_rise", "eval_acc");
        for (JsonNode row : summary) {
            out.printf(Locale.ROOT, "%-13s %-15s %10.3f %10.3f %8.3f %7.3f %9.3f %9.3f %8.3f%n",
                    row.get("task").asText(), row.get("objective").asText(), number(row, "delta_logp_chosen"),
                    number(row, "delta_logp_rejected"), number(row, "mean_cosine"), number(row, "frac_ideal"),
                    number(row, "frac_both_fall"), number(row, "frac_both_rise"), number(row, "eval_accuracy"));
        }
    }

    private static double number(JsonNode row, String key) {
        JsonNode value = row.get(key);
        return value == null || value.isNull() ? Double.NaN : value.doubleValue();
    }
}
