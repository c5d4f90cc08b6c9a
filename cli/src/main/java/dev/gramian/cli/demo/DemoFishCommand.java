package dev.gramian.cli.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.objectives.fish.train.DgSettings;
import dev.gramian.report.ReportWriter;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.dg.DgRunner;
import dev.gramian.runs.dg.DgSpec;
import dev.gramian.runs.progress.ProgressDisplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian demo fish}: ERM against Fish on CdSprites-N for several N, each run in a
 * subdirectory of {@code --out}, then a table, {@code summary.json} (one row per run) and
 * {@code report.html} over all runs.
 */
@Command(name = "fish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"ERM vs Fish on CdSprites-N (squares vs ellipses, colour tied to shape within each training "
                + "domain, random at test) for several domain counts N, with the domain-gip probe; no download.",
            "Writes --out/cdsprites-N<n>-<rule>/ (one gramian dg run directory each), --out/summary.json (a list of "
                + "rows: dataset, domains, rule, test_accuracy of the model chosen by training-domain validation, "
                + "mean_gip) and --out/report.html, and prints the table.",
            "About 5 minutes on two CPU cores with the defaults; fewer --domains or --steps make it quicker."})
public final class DemoFishCommand implements Callable<Integer> {
    private static final String DATASET = "cdsprites";
    private static final List<String> RULES = List.of("erm", "fish");

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
        if (domains.stream().anyMatch(n -> n < 2)) {
            throw GramianException.usage("--domains must all be at least 2 (GIP needs two domains), got " + domains);
        }
        DgSettings settings = DgSettings.of(steps, 32, 1e-3, (int) Math.max(1, steps / 4), seed);
        DgRunner runner = new DgRunner(catalog, display);
        Map<Path, DgRunner.Plan> plans = new LinkedHashMap<>();
        for (int n : domains) {
            for (String rule : RULES) {
                Map<String, String> data = Map.of("domains", Integer.toString(n), "image_size",
                        Integer.toString(imageSize), "train_examples", Integer.toString(trainExamples));
                DgSpec run = new DgSpec(DATASET, data, rule, Map.of(), null, null, "adam", Map.of(),
                        Map.of("domain-gip", Map.of("every", Integer.toString(Math.max(1, (int) steps / 20)))),
                        settings);
                plans.put(out.resolve(String.format(Locale.ROOT, "%s-N%d-%s", DATASET, n, rule)), runner.plan(run));
            }
        }
        ArrayNode summary = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<Path, DgRunner.Plan> entry : plans.entrySet()) {
            Path dir = entry.getKey();
            DgRunner.Outcome outcome = runner.run("demo fish", entry.getValue(), dir,
                    force ? RunDirectory.Mode.FORCE : RunDirectory.Mode.FRESH);
            ObjectNode row = summary.addObject();
            row.put("dataset", outcome.dataset());
            row.put("domains", outcome.domains());
            row.put("rule", outcome.rule());
            RunJson.putNumber(row, "test_accuracy", outcome.result().selected().testAccuracy());
            RunJson.putNumber(row, "mean_gip", outcome.result().meanGip());
            row.put("run", dir.getFileName().toString());
        }
        RunJson.writeFile(out.resolve(RunDirectory.SUMMARY), summary);
        printTable(streams.out(), summary);
        Path report = new ReportWriter().write(List.copyOf(plans.keySet()), out.resolve(RunDirectory.REPORT));
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
