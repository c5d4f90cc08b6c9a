package dev.gramian.cli.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.inject.Inject;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.report.ReportWriter;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.demo.FishDemoRunner;
import dev.gramian.runs.demo.FishDemoSpec;
import dev.gramian.runs.demo.StudyOutcome;
import dev.gramian.runs.progress.ProgressDisplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code gramian demo fish}: ERM against Fish on CdSprites-N for several N ({@link FishDemoRunner}:
 * each run in a subdirectory of {@code --out}, {@code summary.json} with one row per run), then a
 * table and {@code report.html} over all runs.
 */
@Command(name = "fish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"ERM vs Fish on CdSprites-N (dSprites squares vs ellipses; each training domain colours its "
                + "two shapes with its own pair of colours, the validation and test domains at random) for several "
                + "domain counts N, with the authors' encoder; no download.",
            "Writes --out/cdsprites-N<n>-<rule>/ (one gramian dg run directory each), --out/summary.json (a list of "
                + "rows: dataset, domains, rule, steps, domain_val_step, domain_val_accuracy and "
                + "domain_val_test_accuracy of the model chosen by the training domains' validation examples, "
                + "selected_step, val_accuracy and test_accuracy of the model chosen on the random-colour validation "
                + "domain, final_test_accuracy of the last model, mean_gip) and --out/report.html, and prints the "
                + "table: held-out accuracy of the model selected by training-domain validation (test@td-val), on "
                + "the random-colour validation domain (test@rc-val) and after the last step (test@last).",
            "Every run trains on the same number of examples (--examples): ERM steps on about --erm-batch examples "
                + "of all domains, Fish meta steps over all N domains."})
public final class DemoFishCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo-fish",
            description = "The demo directory; default ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--force", description = "Start over where run subdirectories already exist.")
    private boolean force;

    @Option(names = "--domains", paramLabel = "N", split = ",", defaultValue = "5,10,15",
            description = "Training-domain counts N, comma-separated; default ${DEFAULT-VALUE}.")
    private List<Integer> domains;

    @Option(names = "--rules", paramLabel = "ID", split = ",", defaultValue = "erm,fish",
            description = "Domain rules, comma-separated (e.g. erm,fish,and-mask); default ${DEFAULT-VALUE}.")
    private List<String> rules;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "32",
            description = "Image side in pixels; default ${DEFAULT-VALUE} (the paper renders 64; see the README).")
    private int imageSize;

    @Option(names = "--train-examples", paramLabel = "N", defaultValue = "1000",
            description = "Training examples per domain; default ${DEFAULT-VALUE}.")
    private int trainExamples;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "96000",
            description = "Training examples each run processes; default ${DEFAULT-VALUE}.")
    private long examples;

    @Option(names = "--erm-batch", paramLabel = "N", defaultValue = "64",
            description = "ERM's examples per step, split evenly over the domains; default ${DEFAULT-VALUE}, the "
                    + "authors'.")
    private int ermBatch;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16",
            description = "Examples per domain minibatch of the other rules (Fish: per inner step); default "
                    + "${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.001",
            description = "Adam's step size (Fish: the inner Adam's); default ${DEFAULT-VALUE}, the authors'.")
    private double learningRate;

    @Option(names = "--meta-lr", paramLabel = "EPS", defaultValue = "0.5",
            description = "Fish's meta step; default ${DEFAULT-VALUE} (DomainBed's; the authors' CdSprites runs "
                    + "used 0.15 over far longer training, see the README).")
    private double metaStep;

    @Option(names = "--evaluations", paramLabel = "N", defaultValue = "10",
            description = "Evaluations per run; default ${DEFAULT-VALUE}.")
    private int evaluations;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of data, models and minibatches; default ${DEFAULT-VALUE}.")
    private long seed;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Inject
    private ProgressDisplay display;

    @Override
    public Integer call() {
        FishDemoSpec spec = new FishDemoSpec(domains, rules, imageSize, trainExamples, examples, ermBatch, batchSize,
                learningRate, metaStep, evaluations, 32, seed);
        StudyOutcome outcome = new FishDemoRunner(catalog, display).run(spec, out,
                force ? RunDirectory.Mode.FORCE : RunDirectory.Mode.FRESH);
        printTable(streams.out(), outcome.summary());
        Path report = new ReportWriter().write(outcome.runs(), out.resolve(RunDirectory.REPORT));
        streams.out().println("summary: " + out.resolve(RunDirectory.SUMMARY));
        streams.out().println("report: " + report);
        return 0;
    }

    private static void printTable(PrintWriter out, ArrayNode summary) {
        out.printf(Locale.ROOT, "%-10s %7s %-8s %6s %11s %11s %9s %10s%n", "dataset", "domains", "rule", "steps",
                "test@td-val", "test@rc-val", "test@last", "mean_gip");
        summary.forEach(row -> out.printf(Locale.ROOT, "%-10s %7d %-8s %6d %11.4f %11.4f %9.4f %10.3g%n",
                row.get("dataset").asText(), row.get("domains").asInt(), row.get("rule").asText(),
                row.get("steps").asLong(), row.get("domain_val_test_accuracy").asDouble(Double.NaN),
                row.get("test_accuracy").asDouble(Double.NaN), row.get("final_test_accuracy").asDouble(Double.NaN),
                row.get("mean_gip").asDouble(Double.NaN)));
    }
}
