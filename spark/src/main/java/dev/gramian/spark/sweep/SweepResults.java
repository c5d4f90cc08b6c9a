package dev.gramian.spark.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.checkpoint.AtomicFile;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.spark.sweep.SweepTask.SweepOutcome;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep's results, read back from what its runs left: each run's outcome ({@code logs/NAME.json})
 * and {@code summary.json}. Writes {@code sweep.jsonl}, one row per run in grid order (grid values,
 * status, exit code, wall time, host, error, and every number of the run's summary under
 * {@code metrics}), and the sweep's {@code summary.json}, the rows the report compares: grid values
 * as text (they identify a row), the run's name, its wall time and status, and its real-valued results
 * (an alignment run's held-out metrics at the end, a dg run's accuracies and GIP).
 *
 * @param plan the sweep
 * @param rows one per run, in grid order
 */
public record SweepResults(SweepPlan plan, List<Row> rows) {
    /** The sweep's table of runs. */
    public static final String TABLE = "sweep.jsonl";
    /** The folder of the runs' logs and outcomes. */
    public static final String LOGS = "logs";
    /** A run that never ended (the sweep was stopped): no outcome. */
    public static final String UNFINISHED = "unfinished";
    private static final String LAST_EVALUATION = "eval_last/";

    /**
     * One run's result.
     *
     * @param run     the planned run
     * @param outcome how it ended, or null when it never did
     * @param summary its {@code summary.json}, or a missing node
     */
    public record Row(SweepPlan.Run run, SweepOutcome outcome, JsonNode summary) {
        /** {@code finished}, {@code failed} or {@code unfinished}. */
        public String status() {
            return outcome == null ? UNFINISHED : outcome.finished() && summary.isObject() ? outcome.status()
                    : SweepOutcome.FAILED;
        }

        /** Whether the run finished and wrote its summary. */
        public boolean finished() {
            return status().equals(SweepOutcome.FINISHED);
        }

        /** Every number of the summary, nested keys joined by {@code /}, in file order. */
        public Map<String, Double> metrics() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            flatten("", summary, metrics);
            return metrics;
        }

        /** The row of {@code sweep.jsonl}. */
        ObjectNode tableRow() {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.put("run", run.name());
            ObjectNode grid = row.putObject("grid");
            run.values().forEach(grid::put);
            row.put("status", status());
            if (outcome != null) {
                row.put("exit_code", outcome.exitCode());
                RunJson.putNumber(row, "wall_s", outcome.wallSeconds());
                row.put("host", outcome.host());
                row.put("executor", outcome.executor());
                if (outcome.error() != null) {
                    row.put("error", outcome.error());
                }
            }
            RunJson.putNumbers(row.putObject("metrics"), metrics());
            return row;
        }

        /** The row of the sweep's {@code summary.json}. */
        ObjectNode summaryRow() {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            run.values().forEach((key, value) -> row.put(key.replaceFirst("^-+", ""), value));
            row.put("run", run.name());
            // A real number right after the run keeps the status out of the columns that identify a row.
            RunJson.putNumber(row, "wall_s", outcome == null ? Double.NaN : outcome.wallSeconds());
            row.put("status", status());
            JsonNode lastEvaluation = summary.path(LAST_EVALUATION.substring(0, LAST_EVALUATION.length() - 1));
            metrics().forEach((key, value) -> {
                boolean result = lastEvaluation.isObject() ? key.startsWith(LAST_EVALUATION)
                        : key.indexOf('/') < 0 && summary.get(key).isFloatingPointNumber();
                if (result) {
                    RunJson.putNumber(row, key.startsWith(LAST_EVALUATION) ? key.substring(LAST_EVALUATION.length())
                            : key, value);
                }
            });
            if (outcome != null && outcome.error() != null) {
                row.put("error", outcome.error());
            }
            return row;
        }

        private static void flatten(String prefix, JsonNode node, Map<String, Double> into) {
            node.fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                if (value.isNumber()) {
                    into.put(prefix + field.getKey(), value.asDouble());
                } else if (value.isObject()) {
                    flatten(prefix + field.getKey() + "/", value, into);
                }
            });
        }
    }

    public SweepResults {
        rows = List.copyOf(rows);
    }

    /** Reads every run's outcome and summary. */
    public static SweepResults read(SweepPlan plan) {
        Path logs = plan.out().resolve(LOGS);
        List<Row> rows = new ArrayList<>();
        for (SweepPlan.Run run : plan.runs()) {
            rows.add(new Row(run, SweepOutcome.read(logs, run.name()),
                    RunDirectory.readSummary(plan.out().resolve(run.name()))));
        }
        return new SweepResults(plan, rows);
    }

    /** Writes {@code sweep.jsonl} and {@code summary.json}, each atomically. */
    public void write() {
        AtomicFile.write(plan.out().resolve(TABLE), out -> {
            for (Row row : rows) {
                out.write((row.tableRow() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        ArrayNode summary = JsonNodeFactory.instance.arrayNode();
        rows.forEach(row -> summary.add(row.summaryRow()));
        RunJson.writeFile(plan.out().resolve(RunDirectory.SUMMARY), summary);
    }

    /** How many runs have {@code status}. */
    public long count(String status) {
        return rows.stream().filter(row -> row.status().equals(status)).count();
    }

    /** Whether the run's directory holds anything (a run to start over with {@code --force}). */
    static boolean started(Path runDirectory) {
        try (var entries = Files.list(runDirectory)) {
            return entries.findAny().isPresent();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
