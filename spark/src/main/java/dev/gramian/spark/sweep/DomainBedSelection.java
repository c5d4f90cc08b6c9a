package dev.gramian.spark.sweep;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.runs.RunJson;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The table of a {@code dg} sweep as DomainBed reports one (Gulrajani and Lopez-Paz, 2021), with
 * training-domain validation model selection. The grid's keys fall into three roles: the seed (one
 * trial each), the condition that identifies a table cell (the rule, the data set and its {@code -D}
 * options, such as the number of domains), and every other key, a hyperparameter. Within a cell, for
 * each seed, the hyperparameter setting whose run has the highest validation accuracy on the training
 * domains is selected (each run's {@code val_accuracy} is already that of its own best step); the cell
 * is the mean over seeds of the selected runs' accuracies, ± the standard error as DomainBed computes
 * it (population standard deviation over √n).
 */
public final class DomainBedSelection {
    /** The grid key of the trials. */
    static final String SEED = "seed";
    /** Grid keys that identify a cell besides the data set's {@code -D} options. */
    private static final Set<String> CONDITION = Set.of("rule", "dataset", "mnist-dir");
    private static final String VALIDATION = "val_accuracy";
    private static final String TEST = "test_accuracy";

    private DomainBedSelection() {
    }

    /** The cells of {@code results}, in order of first appearance; runs that did not finish are left out. */
    public static ArrayNode select(SweepResults results) {
        SweepPlan plan = results.plan();
        List<String> conditionKeys = new ArrayList<>();
        List<String> hyperKeys = new ArrayList<>();
        for (String key : plan.grid().keys()) {
            String bare = key.replaceFirst("^-+", "");
            if (bare.equals(SEED)) {
                continue;
            }
            (CONDITION.contains(bare) || plan.pluginOption(key, "-D") ? conditionKeys : hyperKeys).add(key);
        }
        // cell → seed → the selected row
        Map<Map<String, String>, Map<String, SweepResults.Row>> cells = new LinkedHashMap<>();
        for (SweepResults.Row row : results.rows()) {
            Map<String, Double> metrics = row.metrics();
            if (!row.finished() || !Double.isFinite(metrics.getOrDefault(VALIDATION, Double.NaN))
                    || !Double.isFinite(metrics.getOrDefault(TEST, Double.NaN))) {
                continue;
            }
            Map<String, String> cell = new LinkedHashMap<>();
            conditionKeys.forEach(key -> cell.put(key.replaceFirst("^-+", ""), row.run().values().get(key)));
            String seed = row.run().values().getOrDefault(SEED, "");
            cells.computeIfAbsent(cell, c -> new LinkedHashMap<>()).merge(seed, row,
                    (best, candidate) -> candidate.metrics().get(VALIDATION) > best.metrics().get(VALIDATION)
                            ? candidate : best);
        }
        ArrayNode table = JsonNodeFactory.instance.arrayNode();
        cells.forEach((cell, bySeed) -> {
            ObjectNode out = table.addObject();
            cell.forEach(out::put);
            out.put("seeds", bySeed.size());
            putMeanAndError(out, VALIDATION, bySeed.values().stream().mapToDouble(r -> r.metrics().get(VALIDATION)).toArray());
            putMeanAndError(out, TEST, bySeed.values().stream().mapToDouble(r -> r.metrics().get(TEST)).toArray());
            ArrayNode selected = out.putArray("selected");
            bySeed.forEach((seed, row) -> {
                ObjectNode choice = selected.addObject();
                choice.put("run", row.run().name());
                hyperKeys.forEach(key -> choice.put(key.replaceFirst("^-+", ""), row.run().values().get(key)));
            });
        });
        return table;
    }

    private static void putMeanAndError(ObjectNode out, String key, double[] values) {
        double mean = 0;
        for (double value : values) {
            mean += value / values.length;
        }
        double variance = 0;
        for (double value : values) {
            variance += (value - mean) * (value - mean) / values.length;
        }
        RunJson.putNumber(out, key, mean);
        RunJson.putNumber(out, key + "_se", Math.sqrt(variance) / Math.sqrt(values.length));
    }

    /** Prints the table: the cell's keys, the seeds, validation and test accuracy as mean ± standard error. */
    public static void print(ArrayNode table, PrintWriter out) {
        if (table.isEmpty()) {
            out.println("no finished run to select from");
            return;
        }
        List<String> keys = new ArrayList<>();
        table.get(0).fieldNames().forEachRemaining(name -> {
            if (!name.equals("seeds") && !name.startsWith(VALIDATION) && !name.startsWith(TEST) && !name.equals("selected")) {
                keys.add(name);
            }
        });
        StringBuilder header = new StringBuilder();
        keys.forEach(key -> header.append(String.format(Locale.ROOT, "%-12s ", key)));
        out.println(header + String.format(Locale.ROOT, "%5s  %-17s  %-17s", "seeds", VALIDATION, TEST));
        table.forEach(row -> {
            StringBuilder line = new StringBuilder();
            keys.forEach(key -> line.append(String.format(Locale.ROOT, "%-12s ", row.path(key).asText())));
            out.println(line + String.format(Locale.ROOT, "%5d  %.4f ± %.4f    %.4f ± %.4f", row.get("seeds").asInt(),
                    row.path(VALIDATION).asDouble(Double.NaN), row.path(VALIDATION + "_se").asDouble(Double.NaN),
                    row.path(TEST).asDouble(Double.NaN), row.path(TEST + "_se").asDouble(Double.NaN)));
        });
    }
}
