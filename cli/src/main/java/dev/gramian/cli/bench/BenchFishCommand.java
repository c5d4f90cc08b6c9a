package dev.gramian.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.model.ClassifierModel;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.dg.FixedBatchLearner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian bench fish}: the cost of one Fish meta step over S domains against S ERM inner
 * steps (one optimiser step on one domain's minibatch each) on the same minibatches, timed in
 * alternating order on the TensorFlow classifier the CdSprites runs use.
 */
@Command(name = "fish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time one Fish meta step over S domains against S ERM inner steps on the same minibatches "
                + "(CdSprites, the TensorFlow CNN), alternating which goes first, and print the ratio of their "
                + "median times: Fish adds only the parameter copy and the meta interpolation."})
public final class BenchFishCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--domains", paramLabel = "S", defaultValue = "5", description = "Domains S; default "
            + "${DEFAULT-VALUE}.")
    private int domains;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "32",
            description = "CdSprites image side; default ${DEFAULT-VALUE}.")
    private int imageSize;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Examples per domain minibatch; default ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--inner-optimizer", paramLabel = "ID", defaultValue = "sgd",
            description = "Optimiser of Fish's inner steps and of the ERM steps: sgd or adam; "
                    + "default ${DEFAULT-VALUE}.")
    private String innerOptimizer;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "40",
            description = "Timed rounds (one Fish meta step and S ERM steps each); default ${DEFAULT-VALUE}.")
    private int rounds;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5",
            description = "Untimed rounds first; default ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    private boolean json;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() throws Exception {
        if (domains < 2 || batchSize < 1 || rounds < 1 || warmup < 0) {
            throw GramianException.usage("need --domains ≥ 2, --batch-size ≥ 1, --rounds ≥ 1 and --warmup ≥ 0");
        }
        DomainRule fish = catalog.create(PluginKind.DOMAIN_RULE, "fish", Map.of("inner_optimizer", innerOptimizer,
                "order", "fixed"), DomainRule.class);
        DomainDataset dataset = catalog.create(PluginKind.DOMAIN_DATASET, "cdsprites", Map.of("domains",
                Integer.toString(domains), "image_size", Integer.toString(imageSize), "train_examples",
                Integer.toString(batchSize), "validation_examples", "1", "selection_examples", "1", "test_examples", "1"),
                DomainDataset.class);
        DomainData data = dataset.load(1);
        List<LabeledBatch> batches = data.training().stream().map(split -> {
            ExampleSet train = split.train();
            return train.batch(0, train.size());
        }).toList();
        ClassifierConfig shape = dataset.suggestedModel();
        double[] fishNanos = new double[rounds];
        double[] ermNanos = new double[rounds];
        double learningRate = 1e-3;
        try (Backend backend = Provenance.backend(catalog);
             ClassifierModel model = backend.classifier(shape, 1)) {
            FixedBatchLearner learner = new FixedBatchLearner(model, batches,
                    (id, options) -> catalog.create(PluginKind.OPTIMIZER, id, options, Optimizer.class), 1);
            Optimizer erm = learner.newOptimizer(innerOptimizer);
            Optimizer outer = learner.newOptimizer("sgd"); // Fish without warm-up steps never uses it
            for (int round = -warmup; round < rounds; round++) {
                long fishTime = 0;
                long ermTime = 0;
                for (int half = 0; half < 2; half++) {
                    boolean fishTurn = (half == 0) == (Math.floorMod(round, 2) == 0);
                    long start = System.nanoTime();
                    if (fishTurn) {
                        fish.step(learner, outer, learningRate, round + warmup);
                        fishTime = System.nanoTime() - start;
                    } else {
                        for (int d = 0; d < domains; d++) {
                            LossGradient step = learner.lossAndGradient(d);
                            erm.step(model.parameters(), step.gradient(), learningRate);
                        }
                        ermTime = System.nanoTime() - start;
                    }
                }
                if (round >= 0) {
                    fishNanos[round] = fishTime;
                    ermNanos[round] = ermTime;
                }
            }
        }
        double fishMs = median(fishNanos) / 1e6;
        double ermMs = median(ermNanos) / 1e6;
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("domains", domains);
        result.put("batch_size", batchSize);
        result.put("image_size", imageSize);
        result.put("inner_optimizer", innerOptimizer);
        result.put("rounds", rounds);
        result.put("fish_meta_step_ms", fishMs);
        result.put("erm_inner_steps_ms", ermMs);
        result.put("ratio", fishMs / ermMs);
        if (json) {
            streams.out().println(JSON.writeValueAsString(result));
        } else {
            streams.out().printf(Locale.ROOT, "Fish meta step over %d domains: %.2f ms (median of %d); %d ERM inner "
                    + "steps on the same minibatches: %.2f ms; ratio %.3f%n", domains, fishMs, rounds, domains, ermMs,
                    fishMs / ermMs);
        }
        return 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
