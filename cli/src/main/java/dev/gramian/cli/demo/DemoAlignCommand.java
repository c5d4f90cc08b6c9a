package dev.gramian.cli.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.cli.align.ModelOptions;
import dev.gramian.cli.align.TrainingCommand;
import dev.gramian.objectives.margin.align.LearningRateSchedule;
import dev.gramian.objectives.margin.data.TruncationPolicy;
import dev.gramian.report.ReportWriter;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.align.LanguageModelRuns;
import dev.gramian.runs.align.ModelCheckpoints;
import dev.gramian.runs.align.PhaseRecorder;
import dev.gramian.runs.align.PreferenceDataSpec;
import dev.gramian.runs.align.TrainingPhases;
import dev.gramian.runs.align.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian demo align}: SFT then DPO of a small Transformer on the built-in {@code 1t}
 * sentiment pairs, all in one run directory (metrics of both phases, told apart by {@code phase}),
 * then a before/after table, {@code summary.json} and {@code report.html}. The defaults reach a
 * held-out reward accuracy of 0.96 (0.94 with {@code --seed 2}) in two to three minutes on two CPU
 * cores: SFT must learn the adjectives' polarity first, since DPO from a model that has them wrong
 * widens their wrong margin (1000 SFT steps left three adjectives wrong and DPO at 0.87). The
 * backend runs with {@link Provenance#FIXED_THREADS}, so the table is the same on any number of
 * cores and the README can show it.
 */
@Command(name = "align", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"SFT then DPO of a small language model on the built-in 1t sentiment pairs (no download), "
                + "then a before/after table of held-out reward accuracy, margin and log-probabilities.",
            "Writes --out/config.json, metrics.jsonl (phases sft and align), summary.json (one row before and "
                + "one after DPO), checkpoints/ and report.html.",
            "2 to 3 minutes on two CPU cores; the step options make a quicker, weaker run."})
public final class DemoAlignCommand extends TrainingCommand implements Callable<Integer> {
    private static final String DATASET = "1t";
    private static final String OBJECTIVE = "dpo";
    private static final Map<String, String> OBJECTIVE_OPTIONS = Map.of("beta", "0.1");
    private static final int MAX_LENGTH = 128;
    private static final List<String> SHOWN = List.of("eval/rewards/accuracies", "eval/rewards/margins",
            "eval/logps/chosen", "eval/logps/rejected");

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo-align",
            description = "The run directory; default ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--force", description = "Start over in a non-empty --out, replacing its run files.")
    private boolean force;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "6000",
            description = "Pairs generated (10%% held out); default ${DEFAULT-VALUE}.")
    private int pairs;

    @Option(names = "--sft-steps", paramLabel = "N", defaultValue = "2000", description = "SFT steps; default "
            + "${DEFAULT-VALUE}.")
    private long sftSteps;

    @Option(names = "--align-steps", paramLabel = "N", defaultValue = "150",
            description = "DPO steps; default ${DEFAULT-VALUE}.")
    private long alignSteps;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "50",
            description = "Evaluate DPO on the held-out pairs every N steps; default ${DEFAULT-VALUE}.")
    private int evalEvery;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of data, model and batch order; default ${DEFAULT-VALUE}.")
    private long seed;

    @Override
    public Integer call() {
        Tokenizer tokenizer = tokenizer();
        var spec = new PreferenceDataSpec(null, DATASET, Map.of("size", Integer.toString(pairs)), null, null,
                MAX_LENGTH, TruncationPolicy.ERROR);
        TrainingSettings sft = new TrainingSettings("adam", Map.of(), 3e-3, LearningRateSchedule.Shape.COSINE,
                Math.min(20, sftSteps), 16, sftSteps, 10, Math.max(1, (int) Math.min(100, sftSteps)), 0);
        TrainingSettings dpo = new TrainingSettings("adam", Map.of(), 3e-4, LearningRateSchedule.Shape.CONSTANT,
                Math.min(10, alignSteps), 16, alignSteps, 10, evalEvery, 0);
        LanguageModelConfig shape = new LanguageModelConfig(tokenizer.vocabularySize(), ModelOptions.CONTEXT,
                ModelOptions.LAYERS, ModelOptions.WIDTH, ModelOptions.HEADS, ModelOptions.MLP);
        MarginLoss loss = catalog.create(PluginKind.OBJECTIVE, OBJECTIVE, OBJECTIVE_OPTIONS, MarginLoss.class);
        PreferenceDataSpec.Prepared prepared = spec.prepare(catalog, tokenizer, seed);

        ObjectNode config = LanguageModelRuns.config("demo align", seed, catalog, Provenance.FIXED_THREADS);
        config.setAll(prepared.description());
        config.set("model", ModelCheckpoints.describe(shape));
        describePlugin(config, "objective", PluginKind.OBJECTIVE, OBJECTIVE, OBJECTIVE_OPTIONS);
        sft.describeInto(config.putObject(TrainingPhases.SFT), catalog);
        dpo.describeInto(config.putObject(TrainingPhases.ALIGN), catalog);
        RunDirectory run = RunDirectory.open(out, force ? RunDirectory.Mode.FORCE : RunDirectory.Mode.FRESH);
        run.record(config);

        PhaseRecorder aligned;
        try (Backend backend = Provenance.backend(catalog, Provenance.FIXED_THREADS);
             LanguageModel model = backend.languageModel(shape, seed)) {
            TrainingPhases phases = phases(run);
            phases.sft(model, sft.createOptimizer(catalog), prepared, sft, seed, Map.of(), false);
            aligned = phases.align(model, loss, dpo.createOptimizer(catalog), prepared, dpo, seed,
                    Map.of("command", "demo align", "tokenizer", LanguageModelRuns.TOKENIZER, "objective",
                            OBJECTIVE), true);
        }
        ArrayNode summary = JsonNodeFactory.instance.arrayNode();
        putRow(summary, "before DPO (after SFT)", 0, aligned.firstEval());
        putRow(summary, "after DPO", alignSteps, aligned.lastEval());
        run.writeSummary(summary);
        printTable(streams.out(), aligned.firstEval(), aligned.lastEval());
        Path report = new ReportWriter().write(List.of(run.path()));
        streams.out().println("run directory: " + run.path());
        streams.out().println("report: " + report);
        return 0;
    }

    private static void putRow(ArrayNode summary, String stage, long step, Map<String, Double> eval) {
        ObjectNode row = summary.addObject();
        row.put("stage", stage);
        row.put("align_step", step);
        RunJson.putNumbers(row, eval);
    }

    private static void printTable(PrintWriter out, Map<String, Double> before, Map<String, Double> after) {
        out.printf(Locale.ROOT, "%-26s %12s %12s%n", "held-out pairs", "before DPO", "after DPO");
        for (String metric : SHOWN) {
            out.printf(Locale.ROOT, "%-26s %12.4f %12.4f%n", metric, before.getOrDefault(metric, Double.NaN),
                    after.getOrDefault(metric, Double.NaN));
        }
    }
}
