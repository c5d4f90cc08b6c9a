package dev.gramian.cli.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.probing.GramBenchmark;
import dev.gramian.objectives.margin.probing.ProbeCostBenchmark;
import dev.gramian.objectives.margin.probing.ProbeSet;
import dev.gramian.objectives.margin.probing.ProbingObserver;
import dev.gramian.probes.entanglement.EntanglementProbe;
import dev.gramian.runs.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code gramian bench entanglement}: the entanglement probe's cost against the training step it watches. */
@Command(name = "entanglement", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times alignment steps (the rule's update and an SGD step) with the entanglement probe on "
                + "every step, as `gramian align --probe entanglement` runs it: a fixed probe set, one fast Gram "
                + "pass with the slopes along the step, one scoring pass. Default shape: the reference model "
                + "(4 layers, width 256, 4 heads, MLP 1024, byte vocabulary, context 128), 16 pairs of "
                + "128-token sequences per batch and 16 probe pairs.",
                "Step and probe are timed within the same iterations; prints a table, or with --json one object "
                        + "with step_ms, probe_ms, probe_to_step, batch_pairs and probe_pairs."})
public final class BenchEntanglementCommand implements Callable<Integer> {
    private static final double LEARNING_RATE = 1e-3;

    @Option(names = "--json", description = "print one JSON object instead of the table")
    private boolean json;

    @Mixin
    private BenchShapeOptions shape;

    @Option(names = "--probe-pairs", paramLabel = "N", defaultValue = "16",
            description = "pairs in the probe set (default: ${DEFAULT-VALUE})")
    private int probePairs;

    @Option(names = "--objective", paramLabel = "ID", defaultValue = "dpo",
            description = "the margin loss (default: ${DEFAULT-VALUE})")
    private String objective;

    @Option(names = "--rule", paramLabel = "ID", defaultValue = "gradient",
            description = "the alignment rule (default: ${DEFAULT-VALUE})")
    private String rule;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        GramBenchmark benchmark = shape.benchmark("bench entanglement");
        if (probePairs < 1) {
            throw GramianException.usage("bench entanglement needs --probe-pairs >= 1");
        }
        MarginLoss loss = catalog.create(PluginKind.OBJECTIVE, objective, Map.of(), MarginLoss.class);
        AlignmentRule alignmentRule = catalog.create(PluginKind.ALIGNMENT_RULE, rule, Map.of(), AlignmentRule.class);
        Optimizer sgd = catalog.create(PluginKind.OPTIMIZER, "sgd", Map.of(), Optimizer.class);
        GradientProbe probe = catalog.create(PluginKind.PROBE, "entanglement", Map.of("every", "1"),
                GradientProbe.class);
        ProbeCostBenchmark.Result result;
        long rows;
        try (Backend backend = Provenance.backend(catalog);
             LanguageModel model = backend.languageModel(benchmark.config(), benchmark.seed())) {
            GramBenchmark.Batch batch = benchmark.batch(benchmark.pairs(), benchmark.seed());
            GramBenchmark.Batch probeBatch = benchmark.batch(probePairs, benchmark.seed() + 1);
            List<EncodedPair> probeSet = new ArrayList<>(probePairs);
            for (int i = 0; i < probePairs; i++) {
                probeSet.add(new EncodedPair(probeBatch.chosen().get(i), probeBatch.rejected().get(i)));
            }
            // The model at the start is the reference, as alignment after SFT starts.
            ReferenceScores probeReference = ReferenceScores.of(model, probeSet, probePairs);
            double[] refChosen = model.score(batch.chosen()).logp();
            double[] refRejected = model.score(batch.rejected()).logp();
            RowCounter tables = new RowCounter();
            ProbingObserver observer = ProbingObserver.onProbeSet(model, loss, List.of(probe),
                    new ProbeSet(probeSet, probeReference, Integer::toString), tables);
            result = new ProbeCostBenchmark(benchmark.repeats()).run(model, loss, alignmentRule, sgd, LEARNING_RATE,
                    batch.chosen(), batch.rejected(), refChosen, refRejected, observer);
            rows = tables.rows;
        }
        print(result, benchmark.pairs(), rows);
        return 0;
    }

    private void print(ProbeCostBenchmark.Result result, int batchPairs, long rows) {
        PrintWriter out = streams.out();
        if (json) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("step_ms", result.stepMs());
            node.put("probe_ms", result.probeMs());
            node.put("probe_to_step", result.ratio());
            node.put("batch_pairs", batchPairs);
            node.put("probe_pairs", probePairs);
            out.println(node);
        } else {
            out.printf(Locale.ROOT, "%-34s %12s %10s%n", "measure", "ms", "÷ step");
            out.printf(Locale.ROOT, "%-34s %12.1f %10.2f%n", "training step (" + batchPairs + " pairs)",
                    result.stepMs(), 1.0);
            out.printf(Locale.ROOT, "%-34s %12.1f %10.2f%n", "entanglement probe (" + probePairs + " pairs)",
                    result.probeMs(), result.ratio());
            out.printf(Locale.ROOT, "rows written: %d; last probe: mean cosine %.4f, predicted Δchosen %.4g, "
                            + "realised Δchosen %.4g%n", rows, result.metrics().get(EntanglementProbe.COSINE_MEAN),
                    result.metrics().get(EntanglementProbe.PREDICTED_DELTA_CHOSEN),
                    result.metrics().get(EntanglementProbe.REALISED_DELTA_CHOSEN));
            out.printf(Locale.ROOT, "probe_ms / step_ms = %.2f (target <= 1.5)%n", result.ratio());
        }
        out.flush();
    }

    /** Counts the probe's table rows instead of writing them. */
    private static final class RowCounter implements MetricSink {
        private long rows;

        @Override
        public void scalar(String name, double value) {
            throw new UnsupportedOperationException("scalars are returned to the step, not written to tables");
        }

        @Override
        public void row(String table, Map<String, Object> row) {
            rows++;
        }
    }
}
