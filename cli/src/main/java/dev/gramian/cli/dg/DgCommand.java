package dev.gramian.cli.dg;

import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.cli.option.RunOptions;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.objectives.fish.train.DgSettings;
import dev.gramian.runs.dg.DgRunner;
import dev.gramian.runs.dg.DgSpec;
import dev.gramian.runs.progress.ProgressDisplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian dg}: trains a classifier on a domain data set with a domain rule, selects the model
 * by validation accuracy (training-domain validation, or the data set's validation domain where it has
 * one) and reports its held-out accuracy and the domains' gradient
 * geometry.
 */
@Command(name = "dg", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Domain generalisation: train a classifier on the training domains of a data set with a "
                + "domain rule (erm, fish, fish-smooth, idgm, and-mask), choose the model by validation accuracy "
                + "on the training domains (on the data set's validation domain where it has one, as cdsprites), and "
                + "test it on the held-out domain.",
            "Writes --out/config.json, metrics.jsonl (loss, train/<domain>/accuracy, val/accuracy, test/accuracy, "
                + "gip/...), checkpoints/ (latest.ckpt, selected.ckpt) and summary.json (test_accuracy of the selected "
                + "model, mean_gip, the final domain_gram).",
            "--resume continues from the latest checkpoint with the same metrics as an uninterrupted run (the "
                + "rule's own state, such as fish's persistent inner optimiser, is in the checkpoint)."})
public final class DgCommand implements Callable<Integer> {

    @Option(names = "--dataset", paramLabel = "ID", required = true,
            description = "Domain data set: cdsprites, colored-mnist, rotated-mnist, linear-toy "
                    + "(see 'gramian plugins list --kind domain-dataset').")
    private String dataset;

    @Option(names = {"-D", "--dataset-option"}, paramLabel = "KEY=VALUE",
            description = "An option of the data set, e.g. -D domains=15; repeatable.")
    private Map<String, String> datasetOptions = new LinkedHashMap<>();

    @Option(names = "--mnist-dir", paramLabel = "DIR",
            description = "The MNIST IDX files for colored-mnist and rotated-mnist (same as -D mnist_dir=DIR).")
    private Path mnistDir;

    @Option(names = "--rule", paramLabel = "ID", defaultValue = "fish",
            description = "Domain rule (see 'gramian plugins list --kind domain-rule'); default ${DEFAULT-VALUE}.")
    private String rule;

    @Option(names = {"-O", "--rule-option"}, paramLabel = "KEY=VALUE",
            description = "An option of the rule, e.g. -O meta_lr=0.1; repeatable.")
    private Map<String, String> ruleOptions = new LinkedHashMap<>();

    @Option(names = "--model", paramLabel = "ARCH",
            description = "mlp, cnn or strided-cnn; default: the data set's suggestion.")
    private String model;

    @Option(names = "--hidden", paramLabel = "N", split = ",",
            description = "Hidden widths (mlp) or channels (cnn, strided-cnn), comma-separated; default: the data set's "
                    + "suggestion for its architecture, none for the other.")
    private List<Integer> hidden;

    @Option(names = "--optimizer", paramLabel = "ID", defaultValue = "adam",
            description = "Outer optimiser (see 'gramian plugins list --kind optimizer'); default ${DEFAULT-VALUE}.")
    private String optimizer;

    @Option(names = {"-P", "--optimizer-option"}, paramLabel = "KEY=VALUE",
            description = "An option of the optimiser; repeatable.")
    private Map<String, String> optimizerOptions = new LinkedHashMap<>();

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.001",
            description = "Learning rate (fish's inner step unless -O inner_lr); default ${DEFAULT-VALUE}.")
    private double learningRate;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Examples per domain minibatch; default ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "300",
            description = "Rule steps (fish: meta steps); default ${DEFAULT-VALUE}.")
    private long steps;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "50",
            description = "Evaluate, select and checkpoint every N steps and after the last; default ${DEFAULT-VALUE}.")
    private int evalEvery;

    @Option(names = "--probe", paramLabel = "ID", defaultValue = "domain-gip", split = ",",
            description = "Gradient probes, comma-separated, or 'none'; default ${DEFAULT-VALUE}.")
    private List<String> probes;

    @Option(names = "--probe-every", paramLabel = "N", defaultValue = "10",
            description = "Probe every N steps (the probes' 'every' option); default ${DEFAULT-VALUE}.")
    private int probeEvery;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of data, model, minibatches and domain orders; default ${DEFAULT-VALUE}.")
    private long seed;

    @Mixin
    private RunOptions runOptions;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Inject
    private ProgressDisplay display;

    @Override
    public Integer call() {
        DgSpec run = new DgSpec(dataset, datasetOptions(), rule, ruleOptions, model, hidden, optimizer,
                optimizerOptions, probes(), settings());
        DgRunner runner = new DgRunner(catalog, display);
        DgRunner.Plan plan = runner.plan(run);
        DgRunner.Outcome outcome = runner.run("dg", plan, runOptions.out(), runOptions.mode());
        var selected = outcome.result().selected();
        streams.out().printf(Locale.ROOT, "%s, %d training domains, rule %s: selected step %d, validation %.4f, "
                        + "held-out test accuracy %.4f, mean GIP %.4g%n", outcome.dataset(), outcome.domains(),
                outcome.rule(), selected.step(), selected.validationAccuracy(), selected.testAccuracy(),
                outcome.result().meanGip());
        streams.out().println("run directory: " + runOptions.out());
        return 0;
    }

    private Map<String, String> datasetOptions() {
        Map<String, String> options = new LinkedHashMap<>(datasetOptions);
        if (mnistDir != null) {
            String given = options.put("mnist_dir", mnistDir.toString());
            if (given != null && !given.equals(mnistDir.toString())) {
                throw GramianException.usage("--mnist-dir " + mnistDir + " and -D mnist_dir=" + given
                        + " disagree; give one");
            }
        }
        return options;
    }

    private Map<String, Map<String, String>> probes() {
        Map<String, Map<String, String>> chosen = new LinkedHashMap<>();
        if (probes.equals(List.of("none"))) {
            return chosen;
        }
        for (String id : probes) {
            boolean hasInterval = catalog.find(PluginKind.PROBE, id).info().options().stream()
                    .anyMatch(option -> option.key().equals("every"));
            chosen.put(id, hasInterval ? Map.of("every", Integer.toString(probeEvery)) : Map.of());
        }
        return chosen;
    }

    private DgSettings settings() {
        positive("--steps", steps);
        positive("--batch-size", batchSize);
        positive("--eval-every", evalEvery);
        positive("--probe-every", probeEvery);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw GramianException.usage("--lr must be finite and positive, got " + learningRate);
        }
        return DgSettings.of(steps, batchSize, learningRate, evalEvery, seed);
    }

    private static void positive(String option, long value) {
        if (value < 1) {
            throw GramianException.usage(option + " must be at least 1, got " + value);
        }
    }
}
