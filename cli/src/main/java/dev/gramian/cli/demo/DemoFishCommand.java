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
        description = {"ERM vs Fish on CdSprites-N (squares vs ellipses, colour tied to shape within each training "
                + "domain, random at test) for several domain counts N, with the domain-gip probe; no download.",
            "Writes --out/cdsprites-N<n>-<rule>/ (one gramian dg run directory each), --out/summary.json (a list of "
                + "rows: dataset, domains, rule, test_accuracy of the model chosen by training-domain validation, "
                + "mean_gip) and --out/report.html, and prints the table.",
            "About 5 minutes on two CPU cores with the defaults; fewer --domains or --steps make it quicker."})
public final class DemoFishCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo-fish",
            description = "The demo directory; default ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--force", description = "Start over where run subdirectories already exist.")
    private boolean force;

    @Option(names = "--domains", paramLabel = "N", split = ",", defaultValue = "5,10,15",
            description = "Training-domain counts N, comma-separated; default ${DEFAULT-VALUE}.")
    private List<Integer> domains;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "300",
            description = "Steps per run (Fish: meta steps); default ${DEFAULT-VALUE}.")
    private long steps;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "16",
            description = "Image side in pixels; default ${DEFAULT-VALUE}.")
    private int imageSize;

    @Option(names = "--train-examples", paramLabel = "N", defaultValue = "1000",
            description = "Training examples per domain; default ${DEFAULT-VALUE}.")
    private int trainExamples;

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
        StudyOutcome outcome = new FishDemoRunner(catalog, display).run(
                new FishDemoSpec(domains, steps, imageSize, trainExamples, seed), out,
                force ? RunDirectory.Mode.FORCE : RunDirectory.Mode.FRESH);
        printTable(streams.out(), outcome.summary());
        Path report = new ReportWriter().write(outcome.runs(), out.resolve(RunDirectory.REPORT));
        streams.out().println("summary: " + out.resolve(RunDirectory.SUMMARY));
        streams.out().println("report: " + report);
        return 0;
    }

    private static void printTable(PrintWriter out, ArrayNode summary) {
        out.printf(Locale.ROOT, "%-10s %7s %-5s %14s %10s%n", "dataset", "domains", "rule", "test_accuracy",
                "mean_gip");
        summary.forEach(row -> out.printf(Locale.ROOT, "%-10s %7d %-5s %14.4f %10.4g%n", row.get("dataset").asText(),
                row.get("domains").asInt(), row.get("rule").asText(), row.get("test_accuracy").asDouble(Double.NaN),
                row.get("mean_gip").asDouble(Double.NaN)));
    }
}
