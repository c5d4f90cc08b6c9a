package dev.gramian.runs.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.objectives.fish.train.DgEvaluation;
import dev.gramian.objectives.fish.train.DgSettings;
import dev.gramian.runs.Provenance;
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
 * {@code gramian demo fish}'s job, the CdSprites-N study of Shi et al. (ICLR 2022): for each domain
 * count N and each rule one {@link DgRunner} run in {@code cdsprites-N<n>-<rule>/}, and a
 * {@code summary.json} of one row per run (dataset, domains, rule, steps; domain_val_step,
 * domain_val_accuracy and domain_val_test_accuracy of the model DomainBed's training-domain
 * validation selects, by the training domains' own validation examples; selected_step, val_accuracy
 * and test_accuracy of the model selected on the random-colour validation domain, as the authors'
 * code selects, an oracle here since that domain is distributed as the test domain;
 * final_test_accuracy of the model after the last step; mean_gip; run). ERM uses Adam in its AMSGrad form (the authors'
 * optimiser); Fish meta steps over all N domains with a fresh inner Adam each meta step (the
 * authors' CdSprites setting) and the given meta step. The backend runs with
 * {@link Provenance#FIXED_THREADS}, so the numbers do not depend on the machine's core count. Every
 * run is planned first, so a bad setting fails before anything is written.
 */
public final class FishDemoRunner {
    private static final String COMMAND = "demo fish";
    /** The data set every run trains on. */
    public static final String DATASET = "cdsprites";
    /** Examples per prediction call during evaluation. */
    private static final int EVAL_BATCH = 500;

    private final DgRunner runner;

    /** A runner that creates plugins from {@code catalog} and shows progress on {@code display}. */
    public FishDemoRunner(PluginCatalog catalog, ProgressDisplay display) {
        this.runner = new DgRunner(catalog, display, Provenance.FIXED_THREADS);
    }

    /**
     * Runs the demo in {@code directory}, each run in a subdirectory.
     *
     * @param mode what to do with non-empty run directories (the demo does not resume)
     * @return the summary rows, one per run, and the runs' directories
     */
    public StudyOutcome run(FishDemoSpec spec, Path directory, RunDirectory.Mode mode) {
        Map<Path, DgRunner.Plan> plans = new LinkedHashMap<>();
        for (int n : spec.domains()) {
            for (String rule : spec.rules()) {
                long steps = spec.steps(rule, n);
                int evalEvery = (int) Math.max(1, steps / spec.evaluations());
                DgSettings settings = new DgSettings(steps, spec.batchPerDomain(rule, n), spec.learningRate(),
                        evalEvery, spec.seed(), spec.geometryExamples(), EVAL_BATCH);
                Map<String, String> data = Map.of("domains", Integer.toString(n), "image_size",
                        Integer.toString(spec.imageSize()), "train_examples", Integer.toString(spec.trainExamples()));
                DgSpec run = new DgSpec(DATASET, data, rule, ruleOptions(rule, spec), null, null, "adam",
                        Map.of("amsgrad", "true"), Map.of(), settings);
                plans.put(directory.resolve(String.format(Locale.ROOT, "%s-N%d-%s", DATASET, n, rule)),
                        runner.plan(run));
            }
        }
        ArrayNode summary = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<Path, DgRunner.Plan> entry : plans.entrySet()) {
            Path dir = entry.getKey();
            DgRunner.Outcome outcome = runner.run(COMMAND, entry.getValue(), dir, mode);
            DgEvaluation selected = outcome.result().selected();
            ObjectNode row = summary.addObject();
            row.put("dataset", outcome.dataset());
            row.put("domains", outcome.domains());
            row.put("rule", outcome.rule());
            row.put("steps", entry.getValue().spec().settings().steps());
            row.put("selected_step", selected.step());
            RunJson.putNumber(row, "val_accuracy", selected.validationAccuracy());
            RunJson.putNumber(row, "test_accuracy", selected.testAccuracy());
            List<DgEvaluation> evaluations = outcome.result().evaluations();
            DgEvaluation byTrainingDomains = selectedOnTrainingDomains(evaluations);
            row.put("domain_val_step", byTrainingDomains.step());
            RunJson.putNumber(row, "domain_val_accuracy", meanDomainAccuracy(byTrainingDomains));
            RunJson.putNumber(row, "domain_val_test_accuracy", byTrainingDomains.testAccuracy());
            RunJson.putNumber(row, "final_test_accuracy", evaluations.get(evaluations.size() - 1).testAccuracy());
            RunJson.putNumber(row, "mean_gip", outcome.result().meanGip());
            row.put("run", dir.getFileName().toString());
        }
        RunJson.writeFile(directory.resolve(RunDirectory.SUMMARY), summary);
        return new StudyOutcome(summary, List.copyOf(plans.keySet()));
    }

    /**
     * The evaluation DomainBed's training-domain validation selects: the highest mean accuracy on the
     * training domains' own validation examples, the earliest among ties.
     */
    static DgEvaluation selectedOnTrainingDomains(List<DgEvaluation> evaluations) {
        DgEvaluation best = evaluations.get(0);
        for (DgEvaluation evaluation : evaluations) {
            if (meanDomainAccuracy(evaluation) > meanDomainAccuracy(best)) {
                best = evaluation;
            }
        }
        return best;
    }

    private static double meanDomainAccuracy(DgEvaluation evaluation) {
        return evaluation.domainAccuracy().values().stream().mapToDouble(Double::doubleValue).average()
                .orElse(Double.NaN);
    }

    private static Map<String, String> ruleOptions(String rule, FishDemoSpec spec) {
        if (!rule.equals("fish")) {
            return Map.of();
        }
        return Map.of("meta_lr", Double.toString(spec.metaStep()), "persist_inner_state", "false");
    }
}
