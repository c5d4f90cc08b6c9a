package dev.gramian.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.cli.InProcessGramian.Execution;
import dev.gramian.cli.InProcessGramian;
import dev.gramian.cli.ReportCharts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gramian align with rules and probes, gramian probe and demo entanglement on tiny models. */
@Tag("native")
class EntanglementCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DATA = List.of("--dataset", "short-suffix", "-D", "size=40", "--max-length",
            "96");
    private static final Set<String> CASES = Set.of("ideal", "both_fall", "both_rise", "other");

    @TempDir
    static Path temp;
    private static Path init;

    private static Execution gramian(List<String> args) {
        return InProcessGramian.run(args.toArray(String[]::new));
    }

    @BeforeAll
    static void sft() {
        Path run = temp.resolve("sft");
        List<String> args = new ArrayList<>(List.of("sft", "--layers", "1", "--width", "16", "--heads", "2", "--mlp",
                "32", "--context", "96", "--steps", "6", "--batch-size", "8", "--out", run.toString()));
        args.addAll(DATA);
        Execution sft = gramian(args);
        assertEquals(0, sft.status(), sft::toString);
        init = run.resolve("checkpoints/latest.ckpt");
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void alignWithTheNormalizedRuleAndProbesWritesMetricsAndTables() throws IOException {
        Path run = temp.resolve("align");
        List<String> args = new ArrayList<>(List.of("align", "--init", init.toString(), "--batch-size", "4",
                "--steps", "6", "--log-every", "3", "--eval-every", "6", "--rule", "normalized",
                "--probe", "entanglement:every=2", "--probe", "token-entanglement:every=6,pairs=1",
                "--probe-pairs", "3", "--out", run.toString()));
        args.addAll(DATA);
        Execution align = gramian(args);
        assertEquals(0, align.status(), align::toString);

        JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
        assertEquals("normalized", config.at("/rule/id").asText());
        assertEquals("true", config.at("/rule/options/rescale").asText());
        assertEquals("2", config.at("/probes/entanglement/options/every").asText());
        assertEquals(3, config.get("probe_pairs").asInt());

        List<JsonNode> metrics = lines(run.resolve("metrics.jsonl"));
        List<Long> probed = metrics.stream().filter(m -> m.has("entanglement/cosine_mean"))
                .map(m -> m.get("step").asLong()).toList();
        assertEquals(List.of(2L, 4L, 6L), probed);
        JsonNode last = metrics.get(metrics.size() - 1);
        double fractions = 0;
        for (String pairCase : CASES) {
            fractions += last.get("entanglement/frac_" + pairCase).asDouble();
        }
        assertEquals(1.0, fractions, 1e-12);

        List<JsonNode> pairs = lines(run.resolve("entanglement-pairs.jsonl"));
        assertEquals(9, pairs.size(), "3 probe pairs at 3 probe steps");
        for (JsonNode row : pairs) {
            assertTrue(CASES.contains(row.get("case").asText()), row::toString);
            double cosine = row.get("cosine").asDouble();
            assertTrue(cosine >= -1 - 1e-6 && cosine <= 1 + 1e-6, row::toString);
            for (String field : List.of("step", "pair", "chosen_sq_norm", "rejected_sq_norm", "predicted_delta_chosen",
                    "realised_delta_chosen", "predicted_delta_rejected", "realised_delta_rejected")) {
                assertTrue(row.get(field).isNumber(), field + " in " + row);
            }
        }

        List<JsonNode> tokens = lines(run.resolve("token-entanglement.jsonl"));
        assertEquals(1, tokens.size());
        JsonNode map = tokens.get(0);
        int chosen = map.get("chosen_tokens").size();
        int rejected = map.get("rejected_tokens").size();
        assertEquals(chosen, map.get("cosine").size());
        assertEquals(rejected, map.get("cosine").get(0).size());
        assertEquals(chosen, map.get("contribution_chosen").size());
        double total = 0;
        for (JsonNode value : map.get("contribution_rejected")) {
            total += value.asDouble();
        }
        assertEquals(map.get("inner_product").asDouble(), total, 1e-6 * Math.abs(total));
    }

    @Test
    void probeSetSizeZeroProbesEachStepsOwnBatch() throws IOException {
        // (The law's accuracy in this mode is FirstOrderLawTest's, in float64; here the wiring.)
        Path run = temp.resolve("align-batch");
        List<String> args = new ArrayList<>(List.of("align", "--init", init.toString(), "--batch-size", "4",
                "--steps", "2", "--optimizer", "sgd", "--lr", "0.01", "--probe", "entanglement:every=1",
                "--probe-pairs", "0", "--out", run.toString()));
        args.addAll(DATA);
        Execution align = gramian(args);
        assertEquals(0, align.status(), align::toString);
        List<JsonNode> pairs = lines(run.resolve("entanglement-pairs.jsonl"));
        assertEquals(List.of(1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L), pairs.stream().map(r -> r.get("step").asLong()).toList(),
                "the 4 pairs of each of the 2 steps");
        for (JsonNode row : pairs) {
            assertTrue(row.get("predicted_delta_chosen").isNumber() && row.get("realised_delta_chosen").isNumber(),
                    row::toString);
        }
        assertEquals(0, JSON.readTree(run.resolve("config.json").toFile()).get("probe_pairs").asInt());
    }

    /**
     * Runs {@code align} to the end with a checkpoint every 2 steps, then makes it a run stopped
     * after its step-2 checkpoint: {@code latest.ckpt} goes back to step 2 while the tables and
     * metrics keep the rows of steps 3 to 6, as when a run dies between checkpoints.
     *
     * @return the run directory, ready for {@code --resume}
     */
    private static Path alignStoppedAfterStepTwo(String name, List<String> options) throws IOException {
        Path run = temp.resolve(name);
        Execution align = gramian(alignArguments(run, options));
        assertEquals(0, align.status(), align::toString);
        Path checkpoints = run.resolve("checkpoints");
        Files.copy(checkpoints.resolve("step-00000002.ckpt"), checkpoints.resolve("latest.ckpt"),
                StandardCopyOption.REPLACE_EXISTING);
        return run;
    }

    private static List<String> alignArguments(Path run, List<String> options) {
        List<String> args = new ArrayList<>(List.of("align", "--init", init.toString(), "--batch-size", "4",
                "--steps", "6", "--log-every", "1", "--eval-every", "3", "--checkpoint-every", "2", "--quiet",
                "--out", run.toString()));
        args.addAll(options);
        return args;
    }

    @Test
    void aResumedRunsProbeTablesAreTheUninterruptedRunsWithoutRepeatedRows() throws IOException {
        List<String> options = new ArrayList<>(List.of("--probe", "entanglement:every=1", "--probe",
                "token-entanglement:every=3,pairs=1", "--probe-pairs", "2"));
        options.addAll(DATA);
        Path run = alignStoppedAfterStepTwo("resumed-probes", options);
        Map<String, List<String>> uninterrupted = new LinkedHashMap<>();
        for (String file : List.of("entanglement-pairs.jsonl", "token-entanglement.jsonl", "metrics.jsonl")) {
            uninterrupted.put(file, Files.readAllLines(run.resolve(file)));
        }
        assertEquals(12, uninterrupted.get("entanglement-pairs.jsonl").size(), "2 pairs at each of 6 steps");

        List<String> resume = new ArrayList<>(alignArguments(run, options));
        resume.add("--resume");
        Execution resumed = gramian(resume);
        assertEquals(0, resumed.status(), resumed::toString);
        for (Map.Entry<String, List<String>> file : uninterrupted.entrySet()) {
            assertEquals(file.getValue(), Files.readAllLines(run.resolve(file.getKey())), file.getKey());
        }
    }

    @Test
    void aResumedTokenMaskRunEndsWhereTheUninterruptedRunEnds() throws IOException {
        // 12 pairs, 10 or so for training: the batches of steps 3 to 6 meet pairs whose weights steps 1 and 2 learned
        List<String> options = List.of("--rule", "token-mask", "--dataset", "short-suffix", "-D", "size=12",
                "--max-length", "96");
        Path run = alignStoppedAfterStepTwo("resumed-token-mask", options);
        Checkpoint uninterrupted = CheckpointFile.read(run.resolve("checkpoints/step-00000006.ckpt"));
        List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
        Checkpoint atTwo = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt"));
        assertTrue(atTwo.optimizer().slots().containsKey("rule:weights"), atTwo.optimizer().slots()::toString);
        assertEquals("2", atTwo.metadata().get("rule_steps"));

        List<String> resume = new ArrayList<>(alignArguments(run, options));
        resume.add("--resume");
        Execution resumed = gramian(resume);
        assertEquals(0, resumed.status(), resumed::toString);
        Checkpoint end = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt"));
        assertEquals(6, end.step());
        assertEquals(uninterrupted.parameters(), end.parameters());
        assertEquals(uninterrupted.optimizer(), end.optimizer(), "optimiser and token weights");
        assertEquals(metrics, Files.readAllLines(run.resolve("metrics.jsonl")));
    }

    @Test
    void probeAuditsEveryPairToJsonLinesCsvAndASummary() throws IOException {
        Path out = temp.resolve("audit");
        List<String> args = new ArrayList<>(List.of("probe", "--checkpoint", init.toString(), "--objective", "ipo",
                "--out", out.toString()));
        args.addAll(DATA);
        Execution probe = gramian(args);
        assertEquals(0, probe.status(), probe::toString);
        assertTrue(probe.out().startsWith("40 pairs, ipo: mean cosine "), probe::toString);
        List<JsonNode> rows = lines(out.resolve("pairs.jsonl"));
        assertEquals(40, rows.size());
        List<String> csv = Files.readAllLines(out.resolve("pairs.csv"));
        assertEquals(41, csv.size());
        assertTrue(csv.get(0).startsWith("pair,cosine,case,predicted_delta_chosen,"), csv.get(0));
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(40, summary.get("pairs").asInt());
        long ideal = rows.stream().filter(r -> r.get("case").asText().equals("ideal")).count();
        assertEquals(ideal / 40.0, summary.get("frac_ideal").asDouble(), 1e-12);
        double meanCosine = rows.stream().mapToDouble(r -> r.get("cosine").asDouble()).average().orElseThrow();
        assertEquals(meanCosine, summary.get("mean_cosine").asDouble(), 1e-9);
        for (JsonNode row : rows) {
            // the per-pair law with unit step: the case follows the signs of the predicted changes
            double chosen = row.get("predicted_delta_chosen").asDouble();
            double rejected = row.get("predicted_delta_rejected").asDouble();
            String expected = chosen > 0 && rejected < 0 ? "ideal" : chosen < 0 && rejected < 0 ? "both_fall"
                    : chosen > 0 && rejected > 0 ? "both_rise" : "other";
            assertEquals(expected, row.get("case").asText(), row::toString);
        }
    }

    @Test
    void badRuleAndProbeArgumentsAreOneLineUsageErrors() {
        List<String> args = new ArrayList<>(List.of("align", "--init", init.toString(), "--out",
                temp.resolve("bad").toString(), "--rule", "sideways"));
        args.addAll(DATA);
        Execution unknown = gramian(args);
        assertEquals("gramian: error: unknown alignment-rule 'sideways'; known: [gradient, normalized, token-mask]",
                unknown.err().strip(), unknown::toString);
        args.set(args.indexOf("sideways"), "gradient");
        args.addAll(List.of("--probe", "entanglement:every"));
        Execution malformed = gramian(args);
        assertEquals(2, malformed.status(), malformed::toString);
        assertTrue(malformed.err().contains("'every' is not KEY=VALUE"), malformed::toString);
    }

    @Test
    void demoWritesOneSummaryRowPerTaskAndObjectiveAndAReport() throws IOException {
        Path out = temp.resolve("demo");
        Execution demo = gramian(List.of("demo", "entanglement", "--out", out.toString(), "--pairs", "20",
                "--sft-steps", "2", "--align-steps", "2", "--probe-every", "1", "--probe-pairs", "2", "--quiet"));
        assertEquals(0, demo.status(), demo::toString);
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(9, summary.size());
        List<String> objectives = new ArrayList<>();
        for (JsonNode row : summary) {
            objectives.add(row.get("task").asText() + "/" + row.get("objective").asText());
            for (String field : List.of("delta_logp_chosen", "delta_logp_rejected", "mean_cosine", "frac_ideal",
                    "frac_both_fall", "frac_both_rise", "prediction_median_relative_error")) {
                assertTrue(row.get(field).isNumber(), field + " in " + row);
            }
            double error = row.get("prediction_median_relative_error").asDouble();
            assertTrue(error >= 0 && (row.get("prediction_correlation").isNull()
                    || Math.abs(row.get("prediction_correlation").asDouble()) <= 1), row::toString);
        }
        assertEquals(List.of("1t/dpo", "1t/dpo+normalized", "1t/simpo", "short-suffix/dpo",
                "short-suffix/dpo+normalized", "short-suffix/simpo", "long-suffix/dpo", "long-suffix/dpo+normalized",
                "long-suffix/simpo"), objectives);
        assertTrue(Files.isRegularFile(out.resolve("long-suffix-dpo+normalized/entanglement-pairs.jsonl")));
        assertTrue(Files.isRegularFile(out.resolve("1t-dpo/token-entanglement.jsonl")));
        assertTrue(ReportCharts.count(out.resolve("report.html")) >= 3, "the demo report has at least 3 charts");
        assertTrue(demo.out().contains("dpo+normalized") && demo.out().contains("pred_corr"), demo::toString);
    }

    @Test
    void demoStudiesOnlyTheTasksAskedForAndRejectsAnUnknownOneBeforeWriting() throws IOException {
        Path out = temp.resolve("demo-long");
        Execution demo = gramian(List.of("demo", "entanglement", "--out", out.toString(), "--tasks", "long-suffix",
                "--pairs", "20", "--sft-steps", "2", "--sft-batch-size", "4", "--align-steps", "2",
                "--align-batch-size", "2", "--probe-every", "1", "--probe-pairs", "2", "--quiet"));
        assertEquals(0, demo.status(), demo::toString);
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        List<String> rows = new ArrayList<>();
        summary.forEach(row -> rows.add(row.get("task").asText() + "/" + row.get("objective").asText()));
        assertEquals(List.of("long-suffix/dpo", "long-suffix/dpo+normalized", "long-suffix/simpo"), rows);
        assertFalse(Files.exists(out.resolve("1t-sft")));
        JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
        assertEquals(4, config.path("sft").path("training").path("batch_size").asInt(), config::toString);
        assertEquals(2, config.path("align").path("training").path("batch_size").asInt(), config::toString);

        Path unknown = temp.resolve("demo-unknown");
        Execution bad = gramian(List.of("demo", "entanglement", "--out", unknown.toString(), "--tasks",
                "1t,medium-suffix"));
        assertEquals(2, bad.status(), bad::toString);
        assertTrue(bad.err().contains("unknown task 'medium-suffix' in --tasks; known: [1t, short-suffix, long-suffix]"),
                bad::toString);
        assertFalse(Files.exists(unknown));
    }
}
