package dev.gramian.spark.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.spark.InProcessSparkGramian;
import dev.gramian.spark.InProcessSparkGramian.Execution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.gramian.spark.InProcessSparkGramian.json;
import static dev.gramian.spark.InProcessSparkGramian.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gramian sweep align and sweep dg end to end on an embedded local[2] Spark, tiny models (seconds a run). */
@Tag("native")
@Tag("spark")
class SweepEndToEndTest {
    private static final List<String> ALIGN_DATA = List.of("--dataset", "1t", "-D", "size=60", "--max-length", "64");
    private static final List<String> DG = List.of("--dataset", "linear-toy", "-D", "train_examples=64", "-D",
            "validation_examples=32", "-D", "test_examples=64", "--batch-size", "8", "--steps", "6", "--eval-every", "2",
            "--probe-every", "2");

    @TempDir
    static Path temp;
    private static Path init;

    @BeforeAll
    static void sft() {
        init = InProcessSparkGramian.tinySft(temp.resolve("sft"), ALIGN_DATA);
    }

    private static List<String> alignOptions() {
        List<String> args = new ArrayList<>(ALIGN_DATA);
        args.addAll(List.of("--init", init.toString(), "--batch-size", "4", "--steps", "4", "--log-every", "2",
                "--eval-every", "2", "--checkpoint-every", "4"));
        return args;
    }

    private static Execution sweep(String command, List<String> options, String... sweepArgs) {
        List<String> args = new ArrayList<>(List.of("sweep", command));
        args.addAll(options);
        args.addAll(List.of(sweepArgs));
        return InProcessSparkGramian.run(args);
    }

    @Test
    void anAlignmentSweepOfTwoByTwoWritesFourOrdinaryRunsTheTableAndTheReport() throws IOException {
        Path out = temp.resolve("align-sweep");
        Execution sweep = sweep("align", alignOptions(), "--grid", "objective=dpo,ipo", "--grid", "beta=0.05,0.1",
                "--master", "local[2]", "--quiet", "--out", out.toString());
        assertEquals(0, sweep.status(), sweep::toString);
        assertTrue(sweep.out().startsWith("sweep align: 4 runs on local[2], 4 tasks of 1 core each\n"), sweep::toString);
        assertTrue(sweep.out().contains("sweep: 4 finished, 0 failed, 0 unfinished; 4 runs in "), sweep::toString);

        List<String> names = List.of("objective-dpo_beta-0.05", "objective-dpo_beta-0.1", "objective-ipo_beta-0.05",
                "objective-ipo_beta-0.1");
        List<JsonNode> rows = lines(out.resolve("sweep.jsonl"));
        assertEquals(names, rows.stream().map(row -> row.get("run").asText()).toList());
        for (JsonNode row : rows) {
            Path run = out.resolve(row.get("run").asText());
            JsonNode config = json(run.resolve("config.json"));
            assertEquals("finished", row.get("status").asText(), row::toString);
            assertEquals("align", config.get("command").asText());
            assertEquals(row.at("/grid/objective").asText(), config.at("/objective/id").asText());
            assertEquals(row.at("/grid/beta").asText(), config.at("/objective/options/beta").asText());
            assertEquals(4, config.at("/training/steps").asInt(), "the shared options reach every run");
            assertTrue(row.get("wall_s").asDouble() > 0, row::toString);
            JsonNode summary = json(run.resolve("summary.json"));
            assertEquals(summary.at("/eval_last/eval~1rewards~1accuracies").asDouble(),
                    row.at("/metrics/eval_last~1eval~1rewards~1accuracies").asDouble(), 0.0, row::toString);
            assertTrue(Files.isRegularFile(run.resolve("checkpoints/latest.ckpt")));
            assertTrue(Files.readString(out.resolve("logs").resolve(row.get("run").asText() + ".log"))
                    .startsWith("$ gramian --quiet align "));
        }
        JsonNode summary = json(out.resolve("summary.json"));
        assertEquals(4, summary.size());
        assertEquals("ipo", summary.get(2).get("objective").asText());
        assertEquals("0.05", summary.get(2).get("beta").asText());
        assertEquals(names.get(2), summary.get(2).get("run").asText());
        assertTrue(summary.get(2).get("eval/rewards/accuracies").isNumber(), summary::toString);
        JsonNode config = json(out.resolve("config.json"));
        assertEquals("sweep align", config.get("command").asText());
        assertEquals(List.of("dpo", "ipo"), List.of(config.at("/grid/objective/0").asText(), config.at("/grid/objective/1").asText()));
        String report = Files.readString(out.resolve("report.html"));
        names.forEach(name -> assertTrue(report.contains(name), name));

        // A run of the sweep is the run the command makes on its own.
        Path alone = temp.resolve("align-alone");
        List<String> args = new ArrayList<>(List.of("align"));
        args.addAll(alignOptions());
        args.addAll(List.of("--objective", "ipo", "-O", "beta=0.1", "--quiet", "--out", alone.toString()));
        Execution single = InProcessSparkGramian.core(args);
        assertEquals(0, single.status(), single::toString);
        List<JsonNode> expected = lines(alone.resolve("metrics.jsonl"));
        List<JsonNode> actual = lines(out.resolve(names.get(3)).resolve("metrics.jsonl"));
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = expected.get(i);
            want.fieldNames().forEachRemaining(field -> {
                if (want.get(field).isFloatingPointNumber()) {
                    assertEquals(want.get(field).asDouble(), actual.get(expected.indexOf(want)).get(field).asDouble(),
                            1e-5 * Math.max(1, Math.abs(want.get(field).asDouble())), field);
                }
            });
        }
    }

    @Test
    void aDgSweepSelectsByTrainingDomainValidationAndAveragesOverSeeds() {
        Path out = temp.resolve("dg-sweep");
        Execution sweep = sweep("dg", DG, "--grid", "rule=erm,fish", "--grid", "lr=0.05,0.2,1e300", "--grid",
                "seed=1,2", "--master", "local[2]", "--quiet", "--out", out.toString());
        assertEquals(0, sweep.status(), sweep::toString);

        List<JsonNode> rows = lines(out.resolve("sweep.jsonl"));
        assertEquals(12, rows.size());
        // lr = 1e300 diverges: a failed run is a row with its error, not a failed sweep
        for (JsonNode row : rows) {
            boolean diverging = row.at("/grid/lr").asText().equals("1e300");
            assertEquals(diverging ? "failed" : "finished", row.get("status").asText(), row::toString);
            if (diverging) {
                assertEquals(6, row.get("exit_code").asInt());
                assertTrue(row.get("error").asText().startsWith("training diverged at step "), row::toString);
            }
        }
        assertTrue(sweep.out().contains("sweep: 8 finished, 4 failed, 0 unfinished"), sweep::toString);
        JsonNode backend = json(out.resolve("rule-fish_lr-0.05_seed-2/config.json")).at("/backend/options");
        assertEquals("1", backend.get("intra_op_threads").asText(), "a task of one core runs TensorFlow on one thread");
        assertEquals("1", backend.get("inter_op_threads").asText());
        assertTrue(sweep.out().contains("failed: rule-erm_lr-1e300_seed-1: training diverged at step "), sweep::toString);

        // DomainBed's rule, recomputed from the table: per rule and seed the lr with the best validation
        // accuracy, then mean and standard error (population deviation / sqrt n) over seeds.
        JsonNode selection = json(out.resolve("selection.json"));
        assertEquals(2, selection.size());
        for (JsonNode cell : selection) {
            String rule = cell.get("rule").asText();
            Map<String, JsonNode> best = new HashMap<>();
            rows.stream().filter(row -> row.at("/grid/rule").asText().equals(rule) && row.get("status").asText()
                    .equals("finished")).forEach(row -> best.merge(row.at("/grid/seed").asText(), row,
                    (a, b) -> b.at("/metrics/val_accuracy").asDouble() > a.at("/metrics/val_accuracy").asDouble() ? b : a));
            double[] test = best.values().stream().sorted(Comparator.comparing(r -> r.at("/grid/seed").asText()))
                    .mapToDouble(r -> r.at("/metrics/test_accuracy").asDouble()).toArray();
            double mean = (test[0] + test[1]) / 2;
            double se = Math.abs(test[0] - test[1]) / 2 / Math.sqrt(2);
            assertEquals(2, cell.get("seeds").asInt());
            assertEquals(mean, cell.get("test_accuracy").asDouble(), 1e-12, cell::toString);
            assertEquals(se, cell.get("test_accuracy_se").asDouble(), 1e-12, cell::toString);
            for (JsonNode chosen : cell.get("selected")) {
                JsonNode row = rows.stream().filter(r -> r.get("run").asText().equals(chosen.get("run").asText()))
                        .findFirst().orElseThrow();
                assertEquals(row.at("/grid/lr").asText(), chosen.get("lr").asText());
                assertEquals(best.get(row.at("/grid/seed").asText()).get("run").asText(), chosen.get("run").asText());
            }
        }
        assertTrue(sweep.out().contains("rule         seeds  val_accuracy       test_accuracy"), sweep::toString);
    }

    @Test
    void aStoppedSweepResumesWithOnlyTheRunsThatDidNotFinish() throws IOException {
        Path out = temp.resolve("resumed");
        String[] sweepArgs = {"--grid", "rule=erm,fish", "--grid", "seed=3", "--master", "local[2]", "--quiet", "--out",
            out.toString()};
        Execution first = sweep("dg", DG, sweepArgs);
        assertEquals(0, first.status(), first::toString);
        // As if the sweep had been stopped while the fish run was training, after its step-4
        // checkpoint: no summary and no outcome, and the sweep wrote no table.
        Path erm = out.resolve("rule-erm_seed-3");
        Path fish = out.resolve("rule-fish_seed-3");
        String fishMetrics = Files.readString(fish.resolve("metrics.jsonl"));
        Files.delete(fish.resolve("summary.json"));
        Files.copy(fish.resolve("checkpoints/step-00000004.ckpt"), fish.resolve("checkpoints/latest.ckpt"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.delete(out.resolve("logs/rule-fish_seed-3.json"));
        Files.delete(out.resolve("sweep.jsonl"));
        Files.delete(out.resolve("report.html"));
        long ermWritten = Files.getLastModifiedTime(erm.resolve("summary.json")).toMillis();
        String ermMetrics = Files.readString(erm.resolve("metrics.jsonl"));

        Execution again = sweep("dg", DG, sweepArgs);
        assertEquals(2, again.status(), "a finished sweep directory is not swept again without --resume");

        List<String> resume = new ArrayList<>(List.of(sweepArgs));
        resume.add("--resume");
        Execution resumed = sweep("dg", DG, resume.toArray(String[]::new));
        assertEquals(0, resumed.status(), resumed::toString);
        assertTrue(resumed.out().startsWith("sweep dg: 2 runs (1 finished before, 1 continues from its checkpoint) on "
                + "local[2], 1 task of 1 core each"), resumed::toString);
        assertTrue(resumed.out().contains("sweep: 2 finished, 0 failed, 0 unfinished; 1 run in "), resumed::toString);
        assertEquals(ermWritten, Files.getLastModifiedTime(erm.resolve("summary.json")).toMillis(), "erm was not rerun");
        assertEquals(ermMetrics, Files.readString(erm.resolve("metrics.jsonl")));
        assertTrue(Files.readString(out.resolve("logs/rule-fish_seed-3.log")).lines().findFirst().orElseThrow()
                .contains(" --resume"), "the stopped run continues from its checkpoint");
        assertEquals(fishMetrics, Files.readString(fish.resolve("metrics.jsonl")),
                "steps 5 and 6 again, as the uninterrupted run logged them");
        assertEquals(List.of("finished", "finished"), lines(out.resolve("sweep.jsonl")).stream()
                .map(row -> row.get("status").asText()).toList());

        // A run that failed starts over: what made it fail would again from its checkpoint.
        Files.delete(fish.resolve("summary.json"));
        Files.writeString(out.resolve("logs/rule-fish_seed-3.json"), "{\"run\": \"rule-fish_seed-3\", \"status\": "
                + "\"failed\", \"exit_code\": 6, \"error\": \"diverged\", \"wall_s\": 1.0, \"host\": \"h\", "
                + "\"executor\": \"driver\"}");
        Execution rerun = sweep("dg", DG, resume.toArray(String[]::new));
        assertEquals(0, rerun.status(), rerun::toString);
        assertTrue(rerun.out().startsWith("sweep dg: 2 runs (1 finished before) on local[2]"), rerun::toString);
        assertTrue(Files.readString(out.resolve("logs/rule-fish_seed-3.log")).lines().findFirst().orElseThrow()
                .contains(" --force"), "the failed run starts over");
        assertEquals(fishMetrics, Files.readString(fish.resolve("metrics.jsonl")), "and trains as before");

        List<String> otherGrid = new ArrayList<>(resume);
        otherGrid.set(3, "seed=4");
        Execution mismatch = sweep("dg", DG, otherGrid.toArray(String[]::new));
        assertEquals(2, mismatch.status(), mismatch::toString);
        assertTrue(mismatch.err().startsWith("gramian: error: cannot resume the sweep in " + out + ": its grid was "),
                mismatch::toString);
    }

    @Test
    void badInputIsOneErrorBeforeAnyWorkStarts() {
        Path out = temp.resolve("never");
        Execution unknown = sweep("dg", DG, "--grid", "bogus=1,2", "--out", out.toString());
        assertEquals(2, unknown.status(), unknown::toString);
        assertTrue(unknown.err().startsWith("gramian: error: unknown grid key 'bogus': not an option of gramian dg "),
                unknown::toString);
        assertEquals(1, unknown.err().lines().count(), unknown::toString);

        Execution empty = sweep("dg", DG, "--out", out.toString());
        assertEquals(2, empty.status(), empty::toString);
        assertEquals("gramian: error: a sweep needs a grid: give at least one --grid KEY=V1,V2 (e.g. --grid "
                + "beta=0.05,0.1)", empty.err().strip());
        Execution noValues = sweep("dg", DG, "--grid", "seed=", "--out", out.toString());
        assertEquals(2, noValues.status(), noValues::toString);

        Execution unreachable = sweep("dg", DG, "--grid", "seed=1,2", "--master", "spark://127.0.0.1:1",
                "--out", out.toString());
        assertEquals(5, unreachable.status(), unreachable::toString);
        assertTrue(unreachable.err().startsWith("gramian: error: cannot reach the Spark master 127.0.0.1:1 ("),
                unreachable::toString);
        assertEquals(1, unreachable.err().lines().count(), unreachable::toString);

        Execution badMaster = sweep("dg", DG, "--grid", "seed=1,2", "--master", "yarn", "--out", out.toString());
        assertEquals(2, badMaster.status(), badMaster::toString);
        assertTrue(badMaster.err().startsWith("gramian: error: --master yarn is not a master this build runs on"),
                badMaster::toString);
        assertFalse(Files.exists(out), "nothing was written");
    }
}
