package dev.gramian.runs.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.objectives.fish.train.DgSettings;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.dg.DgRunner;
import dev.gramian.runs.dg.DgSpec;
import dev.gramian.runs.progress.ProgressDisplay;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gramian demo fish}'s job: ERM against Fish on CdSprites-N for several N, each a
 * {@link DgRunner} run in a subdirectory {@code cdsprites-N<n>-<rule>} with the {@code domain-gip}
 * probe, and a {@code summary.json} of one row per run (dataset, domains, rule, held-out accuracy of
 * the model chosen by training-domain validation, mean GIP, run). Every run is planned first, so a
 * bad setting fails before anything is written.
 */
public final class FishDemoRunner {
    private static final String COMMAND = "demo fish";
    private static final String DATASET = "cdsprites";
    private static final List<String> RULES = List.of("erm", "fish");

    private final PluginCatalog catalog;
    private final ProgressDisplay display;

    /** A runner that creates plugins from {@code catalog} and shows progress on {@code display}. */
    public FishDemoRunner(PluginCatalog catalog, ProgressDisplay display) {
        this.catalog = catalog;
        this.display = display;
    }

    /**
     * Runs the demo in {@code directory}, each run in a subdirectory.
     *
     * @param mode what to do with non-empty run directories (the demo does not resume)
     * @return the summary rows, one per run, and the runs' directories
     */
    public StudyOutcome run(FishDemoSpec spec, Path directory, RunDirectory.Mode mode) {
        long steps = spec.steps();
        DgSettings settings = DgSettings.of(steps, 32, 1e-3, (int) Math.max(1, steps / 4), spec.seed());
        DgRunner runner = new DgRunner(catalog, display);
        Map<Path, DgRunner.Plan> plans = new LinkedHashMap<>();
        for (int n : spec.domains()) {
            for (String rule : RULES) {
                Map<String, String> data = Map.of("domains", Integer.toString(n), "image_size",
                        Integer.toString(spec.imageSize()), "train_examples", Integer.toString(spec.trainExamples()));
                DgSpec run = new DgSpec(DATASET, data, rule, Map.of(), null, null, "adam", Map.of(),
                        Map.of("domain-gip", Map.of("every", Integer.toString(Math.max(1, (int) steps / 20)))),
                        settings);
                plans.put(directory.resolve(String.format(Locale.ROOT, "%s-N%d-%s", DATASET, n, rule)),
                        runner.plan(run));
            }
        }
        ArrayNode summary = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<Path, DgRunner.Plan> entry : plans.entrySet()) {
            Path dir = entry.getKey();
            DgRunner.Outcome outcome = runner.run(COMMAND, entry.getValue(), dir, mode);
            ObjectNode row = summary.addObject();
            row.put("dataset", outcome.dataset());
            row.put("domains", outcome.domains());
            row.put("rule", outcome.rule());
            RunJson.putNumber(row, "test_accuracy", outcome.result().selected().testAccuracy());
            RunJson.putNumber(row, "mean_gip", outcome.result().meanGip());
            row.put("run", dir.getFileName().toString());
        }
        RunJson.writeFile(directory.resolve(RunDirectory.SUMMARY), summary);
        return new StudyOutcome(summary, List.copyOf(plans.keySet()));
    }
}
