package dev.gramian.runs.dg;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.objectives.fish.train.DgEvaluation;
import dev.gramian.objectives.fish.train.DgSettings;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.progress.ProgressDisplay;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CdSprites-N study of {@code gramian demo fish} (Shi et al., ICLR 2022): for each domain count
 * N and each rule, one {@code dg} run into {@code out/cdsprites-N<n>-<rule>/}, then
 * {@code out/summary.json} with one row per run. Every run sees the same number of training
 * examples, so ERM and Fish get the same compute: ERM steps on the union of one small minibatch per
 * domain (about {@link Settings#ermBatch()} examples in all, as the authors' ERM takes 64 mixed
 * examples a step) with Adam in its AMSGrad form (the authors' optimiser), Fish meta steps over all
 * N domains, one minibatch of {@link Settings#fishBatch()} each, with a fresh inner Adam each meta
 * step (the authors' CdSprites setting). Models are selected
 * on the random-colour validation domain, as in the authors' code. The backend runs with
 * {@link Provenance#FIXED_THREADS}, so the numbers do not depend on the machine's core count.
 */
public final class FishStudy {
    /** The data set every run trains on. */
    public static final String DATASET = "cdsprites";

    /**
     * The study's settings.
     *
     * @param domains          the domain counts N, each at least 2
     * @param rules            domain rule ids, e.g. erm and fish
     * @param imageSize        image side in pixels
     * @param trainExamples    training examples per domain
     * @param examples         training examples every run processes (steps follow from the batch sizes)
     * @param ermBatch         ERM's examples per step, split evenly over the domains (rounded up)
     * @param fishBatch        examples per domain minibatch for the other rules (Fish: per inner step)
     * @param learningRate     Adam's step size (Fish: the inner Adam's)
     * @param metaStep         Fish's meta step ε
     * @param evaluations      evaluations per run (evenly spaced, the last after the last step)
     * @param geometryExamples examples per domain on which the domains' gradient inner products are measured
     * @param seed             seed of data, models, minibatches and domain orders
     */
    public record Settings(List<Integer> domains, List<String> rules, int imageSize, int trainExamples, long examples,
                           int ermBatch, int fishBatch, double learningRate, double metaStep, int evaluations,
                           int geometryExamples, long seed) {
        public Settings {
            domains = List.copyOf(domains);
            rules = List.copyOf(rules);
            if (domains.isEmpty() || domains.stream().anyMatch(n -> n < 2)) {
                throw GramianException.usage("--domains must all be at least 2 (GIP needs two domains), got "
                        + domains);
            }
            if (rules.isEmpty()) {
                throw GramianException.usage("--rules names no rule");
            }
            if (examples < 1 || ermBatch < 1 || fishBatch < 1 || evaluations < 1 || geometryExamples < 1) {
                throw GramianException.usage("examples, batch sizes, evaluations and geometry examples must be at "
                        + "least 1");
            }
        }

        /** ERM's examples per domain in one step. */
        int ermBatchPerDomain(int n) {
            return (ermBatch + n - 1) / n;
        }

        /** The batch size per domain of {@code rule} with {@code n} domains. */
        int batchPerDomain(String rule, int n) {
            return rule.equals("erm") ? ermBatchPerDomain(n) : fishBatch;
        }

        /** The steps of {@code rule} with {@code n} domains: {@link #examples} over the examples a step takes. */
        long steps(String rule, int n) {
            return Math.max(1, examples / ((long) batchPerDomain(rule, n) * n));
        }
    }

    /** One run's line of the summary. */
    public record Row(int domains, String rule, long steps, long selectedStep, double validationAccuracy,
                      double testAccuracy, double meanGip, String run) {
    }

    private final DgRunner runner;

    /** A study that creates plugins from {@code catalog} and shows progress on {@code display}. */
    public FishStudy(PluginCatalog catalog, ProgressDisplay display) {
        this.runner = new DgRunner(catalog, display, Provenance.FIXED_THREADS);
    }

    /**
     * Creates every run's plugins, so that a bad option fails before anything is written.
     *
     * @return the runs, by their directories under {@code out}, in the order they run
     */
    public Map<Path, DgRunner.Plan> plan(Settings settings, Path out) {
        Map<Path, DgRunner.Plan> plans = new LinkedHashMap<>();
        for (int n : settings.domains()) {
            for (String rule : settings.rules()) {
                long steps = settings.steps(rule, n);
                int evalEvery = (int) Math.max(1, steps / settings.evaluations());
                DgSettings dg = new DgSettings(steps, settings.batchPerDomain(rule, n), settings.learningRate(),
                        evalEvery, settings.seed(), settings.geometryExamples(), 500);
                Map<String, String> data = Map.of("domains", Integer.toString(n), "image_size",
                        Integer.toString(settings.imageSize()), "train_examples",
                        Integer.toString(settings.trainExamples()));
                DgSpec spec = new DgSpec(DATASET, data, rule, ruleOptions(rule, settings), null, null, "adam",
                        Map.of("amsgrad", "true"), Map.of(), dg);
                plans.put(out.resolve(String.format(Locale.ROOT, "%s-N%d-%s", DATASET, n, rule)), runner.plan(spec));
            }
        }
        return plans;
    }

    private static Map<String, String> ruleOptions(String rule, Settings settings) {
        if (!rule.equals("fish")) {
            return Map.of();
        }
        return Map.of("meta_lr", Double.toString(settings.metaStep()), "persist_inner_state", "false");
    }

    /**
     * Runs {@code plans} (from {@link #plan}) and writes {@code out/summary.json}.
     *
     * @return one row per run, in run order
     */
    public List<Row> run(Map<Path, DgRunner.Plan> plans, Path out, RunDirectory.Mode mode) {
        List<Row> rows = new ArrayList<>();
        ArrayNode summary = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<Path, DgRunner.Plan> entry : plans.entrySet()) {
            Path dir = entry.getKey();
            DgRunner.Outcome outcome = runner.run("demo fish", entry.getValue(), dir, mode);
            DgEvaluation selected = outcome.result().selected();
            Row row = new Row(outcome.domains(), outcome.rule(), entry.getValue().spec().settings().steps(),
                    selected.step(), selected.validationAccuracy(), selected.testAccuracy(),
                    outcome.result().meanGip(), dir.getFileName().toString());
            rows.add(row);
            ObjectNode json = summary.addObject();
            json.put("dataset", outcome.dataset());
            json.put("domains", row.domains());
            json.put("rule", row.rule());
            json.put("steps", row.steps());
            json.put("selected_step", row.selectedStep());
            RunJson.putNumber(json, "val_accuracy", row.validationAccuracy());
            RunJson.putNumber(json, "test_accuracy", row.testAccuracy());
            RunJson.putNumber(json, "mean_gip", row.meanGip());
            json.put("run", row.run());
        }
        RunJson.writeFile(out.resolve(RunDirectory.SUMMARY), summary);
        return rows;
    }

    /** Prints the study's table: one line per run. */
    public static void printTable(PrintWriter out, List<Row> rows) {
        out.printf(Locale.ROOT, "%-10s %7s %-8s %6s %8s %8s %10s%n", "dataset", "domains", "rule", "steps",
                "val_acc", "test_acc", "mean_gip");
        for (Row row : rows) {
            out.printf(Locale.ROOT, "%-10s %7d %-8s %6d %8.4f %8.4f %10.3g%n", DATASET, row.domains(), row.rule(),
                    row.steps(), row.validationAccuracy(), row.testAccuracy(), row.meanGip());
        }
    }
}
