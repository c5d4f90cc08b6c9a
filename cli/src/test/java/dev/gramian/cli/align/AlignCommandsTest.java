package dev.gramian.cli.align;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.plugin.LoadedPlugin;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.cli.InProcessGramian;
import dev.gramian.cli.ReportCharts;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gramian sft, align and demo align end to end on a tiny model (seconds each). */
@Tag("native")
class AlignCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DATA = List.of("--dataset", "1t", "-D", "size=60", "--max-length", "64");
    private static final List<String> TRL = List.of("loss", "rewards/chosen", "rewards/rejected", "rewards/margins",
            "rewards/accuracies", "logps/chosen", "logps/rejected");

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
                "32", "--context", "64", "--steps", "8", "--batch-size", "8", "--eval-every", "4", "--log-every", "4",
                "--out", run.toString()));
        args.addAll(DATA);
        Execution sft = gramian(args);
        assertEquals(0, sft.status(), sft::toString);
        init = run.resolve("checkpoints/latest.ckpt");
    }

    private static Execution align(Path out, String... extra) {
        return gramian(alignArguments(out, 6, 3, extra));
    }

    /** {@code align} on the tiny model, logging every 2 steps and evaluating every 3. */
    private static List<String> alignArguments(Path out, int steps, int checkpointEvery, String... extra) {
        List<String> args = new ArrayList<>(List.of("align"));
        args.addAll(DATA);
        args.addAll(List.of("--init", init.toString(), "--batch-size", "4", "--steps", Integer.toString(steps),
                "--log-every", "2", "--eval-every", "3", "--checkpoint-every", Integer.toString(checkpointEvery),
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private static List<JsonNode> metrics(Path run) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void sftWritesConfigMetricsAndACheckpointForAlign() throws IOException {
        Path run = temp.resolve("sft");
        JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
        assertEquals("sft", config.get("command").asText());
        assertEquals(16, config.at("/model/width").asInt());
        assertEquals("1t", config.at("/dataset/id").asText());
        assertEquals("60", config.at("/dataset/options/size").asText());
        assertEquals("adam", config.at("/optimizer/id").asText());
        assertEquals(8, config.at("/training/steps").asInt());
        List<JsonNode> rows = metrics(run);
        assertEquals(List.of(4L, 8L), rows.stream().map(r -> r.get("step").asLong()).toList());
        assertTrue(rows.stream().allMatch(r -> r.get("phase").asText().equals("sft") && r.has("loss")
                && r.has("eval/loss")), rows::toString);
        Checkpoint checkpoint = CheckpointFile.read(init);
        assertEquals(8, checkpoint.step());
        assertEquals("16", checkpoint.modelConfig().get("width"));
        assertEquals("sft", checkpoint.metadata().get("phase"));
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/step-00000008.ckpt")));
        assertTrue(Files.isRegularFile(run.resolve("summary.json")));
    }

    @Test
    void alignLogsTrlMetricsOnTrainingAndHeldOutPairs() throws IOException {
        Path run = temp.resolve("align-metrics");
        Execution align = align(run);
        assertEquals(0, align.status(), align::toString);
        assertTrue(align.out().startsWith("align: 6 steps of dpo, eval/rewards/accuracies "), align::toString);
        List<JsonNode> rows = metrics(run);
        assertEquals(List.of(0L, 2L, 3L, 4L, 6L), rows.stream().map(r -> r.get("step").asLong()).toList());
        for (String name : TRL) {
            assertTrue(rows.get(0).has("eval/" + name), rows.get(0)::toString);
            assertTrue(rows.get(4).has(name) && rows.get(4).has("eval/" + name), rows.get(4)::toString);
        }
        assertTrue(rows.get(1).has("learning_rate") && !rows.get(1).has("eval/loss"), rows.get(1)::toString);
        assertEquals(0.0, rows.get(0).get("eval/rewards/margins").asDouble(), "the policy starts as the reference");
        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        assertEquals("align", summary.get("phase").asText());
        assertTrue(summary.at("/eval_last").has("eval/rewards/accuracies"), summary::toString);
        Checkpoint last = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt"));
        assertEquals(6, last.step());
        assertEquals(Map.of("phase", "align", "objective", "dpo"), Map.of("phase", last.metadata().get("phase"),
                "objective", last.metadata().get("objective")));
    }

    @Test
    void aDivergingRunStopsWithExitCode6NamingTheStepAndKeepsFiniteMetricsAndCheckpoints() throws IOException {
        Path run = temp.resolve("diverged");
        Execution align = gramian(alignArguments(run, 10, 1, "--optimizer", "sgd", "--lr", "1e6", "--warmup", "0"));
        assertEquals(6, align.status(), align::toString);
        List<String> errors = align.err().lines().filter(l -> l.startsWith("gramian:")).toList();
        assertEquals(1, errors.size(), align::toString);
        Matcher message = Pattern.compile("gramian: error: training diverged at step (\\d+): .+ is not "
                + "finite; lower the learning rate \\(1000000\\.0 at this step\\)").matcher(errors.get(0));
        assertTrue(message.matches(), errors.get(0));
        long diverged = Long.parseLong(message.group(1));
        assertTrue(diverged > 1, "a finite first step to keep: " + errors.get(0));
        List<JsonNode> rows = metrics(run);
        assertEquals(diverged - 1, rows.get(rows.size() - 1).get("step").asLong(), "the last finite step's row");
        for (JsonNode row : rows) {
            row.fields().forEachRemaining(f -> assertTrue(f.getValue().isTextual() || Double.isFinite(
                    f.getValue().asDouble(Double.NaN)), row::toString));
        }
        Checkpoint latest = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt"));
        assertEquals(diverged - 1, latest.step());
        assertTrue(latest.parameters().firstNonFinite().isEmpty(), "the kept checkpoint is finite");
    }

    @Test
    void aRunKilledWithSigkillAndResumedEndsWhereTheUninterruptedRunEnds() throws Exception {
        int steps = 200;
        Path straight = temp.resolve("straight-200");
        assertEquals(0, gramian(alignArguments(straight, steps, 20)).status());
        Path killed = temp.resolve("killed");
        // the cli in a JVM of its own, on the module and class path this test runs on
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--module-path", System.getProperty("jdk.module.path"), "--class-path",
                System.getProperty("java.class.path"), "-m",
                "dev.gramian.cli/dev.gramian.cli.Gramian"));
        command.addAll(alignArguments(killed, steps, 20, "--quiet"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve("killed.log").toFile()).start();
        Path firstCheckpoint = killed.resolve("checkpoints/latest.ckpt");
        while (!Files.exists(firstCheckpoint) && child.isAlive()) {
            Thread.sleep(10);
        }
        child.destroyForcibly(); // SIGKILL on Unix
        child.waitFor();
        String log = Files.readString(temp.resolve("killed.log"));
        assertTrue(Files.exists(killed.resolve("checkpoints/latest.ckpt")), "no checkpoint before the kill: " + log);
        long reached = CheckpointFile.read(killed.resolve("checkpoints/latest.ckpt")).step();
        assertTrue(reached < steps, "the run finished before it was killed: " + log);

        Execution resumed = gramian(alignArguments(killed, steps, 20, "--resume"));
        assertEquals(0, resumed.status(), resumed::toString);
        Checkpoint expected = CheckpointFile.read(straight.resolve("checkpoints/latest.ckpt"));
        Checkpoint actual = CheckpointFile.read(killed.resolve("checkpoints/latest.ckpt"));
        assertEquals(steps, actual.step());
        assertEquals(expected.parameters(), actual.parameters());
        assertEquals(Files.readAllLines(straight.resolve("metrics.jsonl")),
                Files.readAllLines(killed.resolve("metrics.jsonl")));
    }

    @Test
    void resumeWithAnotherSettingNamesTheKeyAndChangesNothing() throws IOException {
        Path run = temp.resolve("mismatch");
        assertEquals(0, align(run).status());
        byte[] metricsBefore = Files.readAllBytes(run.resolve("metrics.jsonl"));
        byte[] checkpointBefore = Files.readAllBytes(run.resolve("checkpoints/latest.ckpt"));
        Execution refused = align(run, "--resume", "--lr", "1e-3");
        assertEquals(2, refused.status(), refused::toString);
        assertTrue(refused.err().contains("cannot resume " + run + ": config key 'training.learning_rate' differs: "
                + "the run has 3.0E-4, this command gives 0.001"), refused::toString);
        Execution otherLoss = align(run, "--resume", "--objective", "ipo");
        assertTrue(otherLoss.err().contains("config key 'objective.id' differs"), otherLoss::toString);
        assertArrayEquals(metricsBefore, Files.readAllBytes(run.resolve("metrics.jsonl")));
        assertArrayEquals(checkpointBefore, Files.readAllBytes(run.resolve("checkpoints/latest.ckpt")));
    }

    /**
     * A weighted sum with routed options and a divergence is one objective in config.json, the
     * checkpoint and the metrics. At step 0 the policy is the reference, so every log-ratio is 0 and
     * the held-out loss is known: dpo's h is 0 (ln 2), and bco's JS scores are log σ(0) = −ln 2.
     */
    @Test
    void aWeightedSumIsOneObjectiveInConfigCheckpointAndMetrics() throws IOException {
        Path run = temp.resolve("align-sum");
        Execution align = gramian(alignArguments(run, 2, 2, "--objective", "dpo:0.8,bco:0.2", "-O", "beta=0.3",
                "-O", "bco.divergence=js"));
        assertEquals(0, align.status(), align::toString);
        assertTrue(align.out().startsWith("align: 2 steps of dpo:0.8,bco:0.2"), align::toString);
        JsonNode objective = JSON.readTree(run.resolve("config.json").toFile()).get("objective");
        assertEquals("dpo:0.8,bco:0.2", objective.get("id").asText());
        assertEquals("0.3", objective.at("/options/dpo.beta").asText());
        assertEquals("0.3", objective.at("/options/bco.beta").asText());
        assertEquals("reverse_kl", objective.at("/options/dpo.divergence").asText());
        assertEquals("js", objective.at("/options/bco.divergence").asText());
        double a = 0.3 * Math.log(2);
        double expected = 0.8 * Math.log(2) + 0.2 * (Math.log1p(Math.exp(a)) + Math.log1p(Math.exp(-a)));
        assertEquals(expected, metrics(run).get(0).get("eval/loss").asDouble(), 1e-5);
        assertEquals("dpo:0.8,bco:0.2",
                CheckpointFile.read(run.resolve("checkpoints/latest.ckpt")).metadata().get("objective"));
    }

    @Test
    void everyObjectiveTrainsThroughAlignIncludingTheThirdPartyOne() throws IOException {
        Path plugins = InProcessGramian.examplePluginDirectory();
        List<String> ids = PluginCatalog.load(List.of(plugins)).plugins(PluginKind.OBJECTIVE).stream()
                .map(LoadedPlugin::id).toList();
        assertTrue(ids.contains("slic-hf") && ids.contains("discopop") && ids.size() >= 20, ids::toString);
        for (String id : ids) {
            Path run = temp.resolve("objective-" + id);
            Execution align = gramian(alignArguments(run, 2, 0, "--objective", id, "--plugin-path",
                    plugins.toString(), "--quiet"));
            assertEquals(0, align.status(), () -> id + ": " + align);
            JsonNode last = metrics(run).get(metrics(run).size() - 1);
            assertTrue(last.get("loss").isNumber() && last.get("eval/loss").isNumber(), () -> id + ": " + last);
            assertEquals("", align.err(), () -> id + ": --quiet printed progress");
        }
    }

    @Test
    void theReadmePipelineRunsOnTheExampleFile() throws IOException {
        String data = InProcessGramian.projectRoot().resolve("examples/preferences.jsonl").toString();
        Path sft = temp.resolve("readme-sft");
        Execution trained = InProcessGramian.run("sft", "--data", data, "--out", sft.toString(), "--layers", "1",
                "--width", "16", "--heads", "2", "--mlp", "32", "--steps", "4", "--batch-size", "4");
        assertEquals(0, trained.status(), trained::toString);
        JsonNode config = JSON.readTree(sft.resolve("config.json").toFile());
        assertEquals(data, config.at("/data/source").asText());
        assertEquals(64, config.at("/data/sha256").asText().length());
        assertEquals(54, config.at("/data/train_pairs").asInt());
        assertEquals(6, config.at("/data/eval_pairs").asInt());
        Path dpo = temp.resolve("readme-dpo");
        Execution aligned = InProcessGramian.run("align", "--data", data, "--init",
                sft.resolve("checkpoints/latest.ckpt").toString(), "--objective", "dpo", "--out", dpo.toString(),
                "--steps", "2", "--batch-size", "4");
        assertEquals(0, aligned.status(), aligned::toString);
        Execution report = InProcessGramian.run("report", dpo.toString(), sft.toString());
        assertEquals(0, report.status(), report::toString);
        assertEquals(dpo.resolve("report.html") + "\n", report.out());
        assertTrue(Files.size(dpo.resolve("report.html")) > 1000);
        Path elsewhere = temp.resolve("overlay.html");
        Execution output = InProcessGramian.run("report", dpo.toString(), "--output", elsewhere.toString());
        assertEquals(elsewhere + "\n", output.out(), output::toString);
        assertTrue(Files.isRegularFile(elsewhere));
    }

    @Test
    void shortDemoWritesEveryFileWithBothPhases() throws IOException {
        Path run = temp.resolve("demo");
        Execution demo = InProcessGramian.run("demo", "align", "--out", run.toString(), "--pairs", "80",
                "--sft-steps", "10", "--align-steps", "6", "--eval-every", "3");
        assertEquals(0, demo.status(), demo::toString);
        assertTrue(demo.out().contains("before DPO") && demo.out().contains("eval/rewards/accuracies"),
                demo::toString);
        assertTrue(demo.out().contains("report: " + run.resolve("report.html")), demo::toString);
        assertTrue(demo.err().contains("align 6/6 (100%)"), "progress lines when not on a terminal: " + demo);
        for (String file : List.of("config.json", "metrics.jsonl", "summary.json", "report.html",
                "checkpoints/latest.ckpt")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file);
        }
        JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
        assertEquals("demo align", config.get("command").asText());
        assertEquals("dpo", config.at("/objective/id").asText());
        assertEquals(10, config.at("/sft/training/steps").asInt());
        assertEquals(6, config.at("/align/training/steps").asInt());
        List<JsonNode> rows = metrics(run);
        assertTrue(rows.stream().anyMatch(r -> r.get("phase").asText().equals("sft")), rows::toString);
        List<JsonNode> aligned = rows.stream().filter(r -> r.get("phase").asText().equals("align")).toList();
        assertEquals(0, aligned.get(0).get("step").asLong());
        assertTrue(aligned.get(0).has("eval/rewards/accuracies")
                && aligned.get(aligned.size() - 1).has("eval/rewards/accuracies"), aligned::toString);
        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        assertEquals(2, summary.size());
        for (JsonNode row : summary) {
            for (String metric : List.of("eval/rewards/accuracies", "eval/rewards/margins", "eval/logps/chosen",
                    "eval/logps/rejected")) {
                assertTrue(row.get(metric).isNumber(), row::toString);
            }
        }
        assertTrue(ReportCharts.count(run.resolve("report.html")) >= 3, "the demo report has at least 3 charts");
    }

    /**
     * A run stopped after its checkpoint of step 3: a copy of the finished run whose latest
     * checkpoint is step 3's (the rows logged after it are dropped on resume).
     */
    private static Path stoppedAtStep3(Path finished, String name) throws IOException {
        Path stopped = temp.resolve(name);
        try (var files = Files.walk(finished)) {
            for (Path file : files.toList()) {
                Path target = stopped.resolve(finished.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Files.copy(stopped.resolve("checkpoints/step-00000003.ckpt"), stopped.resolve("checkpoints/latest.ckpt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return stopped;
    }

    private static void assertSameEnd(Path expected, Path actual) throws IOException {
        assertEquals(CheckpointFile.read(expected.resolve("checkpoints/latest.ckpt")).parameters(),
                CheckpointFile.read(actual.resolve("checkpoints/latest.ckpt")).parameters());
        assertEquals(Files.readAllLines(expected.resolve("metrics.jsonl")),
                Files.readAllLines(actual.resolve("metrics.jsonl")));
    }

    @Test
    void trlOptionsAreRecordedLoggedAndResumedExactly() throws IOException {
        String[] trl = {"--ld-alpha", "0.5", "--use-weighting", "--sync-ref-model", "--ref-model-mixup-alpha", "0.5",
            "--ref-model-sync-steps", "2", "--max-grad-norm", "0.05", "--completions", "2"};
        Path run = temp.resolve("trl");
        Execution straight = align(run, trl);
        assertEquals(0, straight.status(), straight::toString);
        JsonNode training = JSON.readTree(run.resolve("config.json").toFile()).get("training");
        assertEquals(0.5, training.get("ld_alpha").asDouble());
        assertTrue(training.get("use_weighting").asBoolean() && training.get("sync_ref_model").asBoolean());
        assertEquals(2, training.get("ref_model_sync_steps").asInt());
        assertEquals(0.05, training.get("max_grad_norm").asDouble());
        List<JsonNode> rows = metrics(run);
        JsonNode last = rows.get(rows.size() - 1);
        for (String name : List.of("grad_norm", "num_tokens", "entropy", "logits/chosen", "logits/rejected",
                "eval/entropy", "eval/logits/chosen", "eval/logits/rejected")) {
            assertTrue(last.get(name).isNumber(), name + " in " + last);
        }
        assertTrue(last.get("grad_norm").asDouble() > 0.05, "the norm before clipping: " + last);
        assertTrue(last.get("num_tokens").asDouble() > rows.get(1).get("num_tokens").asDouble(), "cumulative");
        assertFalse(Files.exists(run.resolve("reference-logps.jsonl")), "TR-DPO's reference moves: nothing cached");
        Checkpoint checkpoint = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt"));
        assertEquals(checkpoint.parameters().names(),
                checkpoint.optimizer().slots().get("rule:reference").names(), "TR-DPO's reference travels along");
        List<String> completions = Files.readAllLines(run.resolve("completions.jsonl"));
        assertEquals(2, completions.size());
        for (String line : completions) {
            JsonNode row = JSON.readTree(line);
            for (String field : List.of("prompt", "chosen", "rejected", "before", "after")) {
                assertTrue(row.get(field).isTextual(), field + " in " + line);
            }
            // before and after are what gramian generate says greedily with the start and the end
            assertEquals(row.get("before").asText(), generated(init, row.get("prompt").asText()), line);
            assertEquals(row.get("after").asText(), generated(run.resolve("checkpoints/latest.ckpt"),
                    row.get("prompt").asText()), line);
        }

        Path stopped = stoppedAtStep3(run, "trl-stopped");
        Execution resumed = align(stopped, concat(trl, "--resume"));
        assertEquals(0, resumed.status(), resumed::toString);
        assertSameEnd(run, stopped);
        assertEquals(completions, Files.readAllLines(stopped.resolve("completions.jsonl")));
    }

    @Test
    void aResumedRunReadsTheCachedReferenceLogProbabilities() throws IOException {
        String[] ld = {"--ld-alpha", "0.25", "--max-grad-norm", "0.05", "--completions", "0"};
        Path run = temp.resolve("cached");
        assertEquals(0, align(run, ld).status());
        List<String> cache = Files.readAllLines(run.resolve("reference-logps.jsonl"));
        assertEquals(JSON.readTree(run.resolve("config.json").toFile()).at("/data/train_pairs").asInt()
                + JSON.readTree(run.resolve("config.json").toFile()).at("/data/eval_pairs").asInt(), cache.size());
        assertFalse(Files.exists(run.resolve("completions.jsonl")), "--completions 0");

        Path intact = stoppedAtStep3(run, "cached-intact");
        assertEquals(0, align(intact, concat(ld, "--resume")).status());
        assertSameEnd(run, intact);

        Path tampered = stoppedAtStep3(run, "cached-tampered");
        List<String> shifted = new ArrayList<>();
        for (String line : cache) {
            JsonNode row = JSON.readTree(line);
            ((com.fasterxml.jackson.databind.node.ObjectNode) row).put("ref_logp_chosen",
                    row.get("ref_logp_chosen").asDouble() - 1);
            shifted.add(row.toString());
        }
        Files.write(tampered.resolve("reference-logps.jsonl"), shifted);
        assertEquals(0, align(tampered, concat(ld, "--resume")).status());
        // step 4's batch is scored at the checkpoint's parameters, against the cached reference (beta 0.1)
        JsonNode expected = step(metrics(run), 4);
        JsonNode row = step(metrics(tampered), 4);
        assertEquals(expected.get("logps/chosen").asDouble(), row.get("logps/chosen").asDouble());
        assertEquals(expected.get("rewards/chosen").asDouble() + 0.1, row.get("rewards/chosen").asDouble(), 1e-9);
        assertEquals(expected.get("rewards/rejected").asDouble(), row.get("rewards/rejected").asDouble(), 1e-12);
    }

    /**
     * The probes follow WPO, TR-DPO and LD-DPO. At step 1 all four runs stand at the same parameters
     * with the same batch and reference (TR-DPO's starts as the policy, as the fixed one was scored):
     * WPO's loss weights are the plain ones times each pair's weight in (0, 1], the same for chosen
     * and rejected (on this confident model every pair's is clamped at 1; FirstOrderLawTest checks
     * weights below it), TR-DPO's are the plain ones, scored by its own reference model, and LD-DPO's
     * Gram entries are those of its length-desensitised log-probabilities, which differ from the plain
     * ones where a pair's responses differ in length (FirstOrderLawTest checks their values).
     */
    @Test
    void probesFollowWpoTrDpoAndLdDpo() throws IOException {
        String[] probe = {"--optimizer", "sgd", "--lr", "0.05", "--probe", "entanglement:every=1"};
        Map<String, List<JsonNode>> tables = new HashMap<>();
        // 1t's responses are equally long: LD-DPO is seen on pairs whose rejected answers run on
        Path lengths = temp.resolve("lengths.jsonl");
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            pairs.add(String.format("{\"prompt\": \"%d+%d=\", \"chosen\": \"%d\", \"rejected\": \"%d%s\"}", i, i + 3,
                    2 * i + 3, 2 * i + 4, "0".repeat(i % 4)));
        }
        Files.write(lengths, pairs);
        for (String variant : List.of("plain", "wpo", "tr-dpo", "plain-lengths", "ld-dpo-lengths")) {
            Path run = temp.resolve("probed-" + variant);
            List<String> args = new ArrayList<>(List.of(probe));
            if (variant.equals("wpo")) {
                args.add("--use-weighting");
            } else if (variant.equals("tr-dpo")) {
                args.addAll(List.of("--sync-ref-model", "--ref-model-sync-steps", "2", "--ref-model-mixup-alpha", "1"));
            } else if (variant.equals("ld-dpo-lengths")) {
                args.addAll(List.of("--ld-alpha", "0.25"));
            }
            List<String> arguments = alignArguments(run, 4, 2, args.toArray(String[]::new));
            if (variant.endsWith("lengths")) {
                int at = arguments.indexOf("--dataset");
                arguments.subList(at, at + 4).clear();
                arguments.addAll(List.of("--data", lengths.toString()));
            }
            Execution aligned = gramian(arguments);
            assertEquals(0, aligned.status(), aligned::toString);
            List<JsonNode> rows = new ArrayList<>();
            for (String line : Files.readAllLines(run.resolve("entanglement-pairs.jsonl"))) {
                rows.add(JSON.readTree(line));
            }
            tables.put(variant, rows);
        }
        List<JsonNode> plain = tables.get("plain").stream().filter(r -> r.get("step").asLong() == 1).toList();
        List<JsonNode> wpo = tables.get("wpo").stream().filter(r -> r.get("step").asLong() == 1).toList();
        List<JsonNode> synced = tables.get("tr-dpo").stream().filter(r -> r.get("step").asLong() == 1).toList();
        assertFalse(plain.isEmpty());
        assertEquals(plain.size(), wpo.size());
        assertEquals(plain.size(), synced.size());
        for (int i = 0; i < plain.size(); i++) {
            double dw = plain.get(i).get("d_logp_chosen").asDouble();
            double dl = plain.get(i).get("d_logp_rejected").asDouble();
            double c = wpo.get(i).get("d_logp_chosen").asDouble() / dw;
            assertTrue(c > 0 && c <= 1, "pair " + i + ": WPO's weight " + c);
            assertEquals(c * dl, wpo.get(i).get("d_logp_rejected").asDouble(), 1e-12 * Math.abs(dl));
            assertEquals(plain.get(i).get("inner_product").asDouble(), wpo.get(i).get("inner_product").asDouble());
            assertEquals(dw, synced.get(i).get("d_logp_chosen").asDouble(), 1e-9 * Math.abs(dw));
            assertEquals(dl, synced.get(i).get("d_logp_rejected").asDouble(), 1e-9 * Math.abs(dl));
        }
        assertTrue(tables.get("tr-dpo").stream().anyMatch(r -> r.get("step").asLong() == 4), "every step probed");
        List<JsonNode> whole = tables.get("plain-lengths").stream().filter(r -> r.get("step").asLong() == 1)
                .toList();
        List<JsonNode> ld = tables.get("ld-dpo-lengths").stream().filter(r -> r.get("step").asLong() == 1)
                .toList();
        assertEquals(whole.size(), ld.size());
        long reweighted = 0;
        for (int i = 0; i < whole.size(); i++) {
            double plainProduct = whole.get(i).get("inner_product").asDouble();
            double ldProduct = ld.get(i).get("inner_product").asDouble();
            assertTrue(Double.isFinite(ldProduct) && Double.isFinite(ld.get(i).get("realised_delta_chosen").asDouble()),
                    ld.get(i)::toString);
            reweighted += Math.abs(ldProduct - plainProduct) > 1e-6 * Math.abs(plainProduct) ? 1 : 0;
        }
        assertTrue(reweighted > 0, "some pair's responses differ in length, and LD-DPO reads them otherwise");
    }

    @Test
    void trlOptionsThatDoNotFitAreRefusedBeforeAnythingIsWritten() {
        Object[][] cases = {
            {new String[]{"--ref-model-sync-steps", "4"}, "--ref-model-mixup-alpha and --ref-model-sync-steps need "
                    + "--sync-ref-model"},
            {new String[]{"--use-weighting", "--objective", "aot"}, "this objective is a loss over the whole batch"},
            {new String[]{"--sync-ref-model", "--objective", "simpo"}, "this objective reads none"},
            {new String[]{"--ld-alpha", "0.5", "--rule", "normalized"}, "do not combine with another --rule"},
            {new String[]{"--ld-alpha", "2"}, "--ld-alpha must be in [0, 1], got 2.0"},
            {new String[]{"--max-grad-norm", "-1"}, "--max-grad-norm must be a finite number at least 0"},
        };
        for (Object[] c : cases) {
            Path run = temp.resolve("refused");
            Execution refused = align(run, (String[]) c[0]);
            assertEquals(2, refused.status(), refused::toString);
            assertTrue(refused.err().contains((String) c[1]), refused::toString);
            assertFalse(Files.exists(run.resolve("config.json")), "nothing written: " + refused);
        }
    }

    /** {@code gramian generate}'s greedy completion of {@code prompt} by the checkpoint's model (64 new tokens at most). */
    private static String generated(Path checkpoint, String prompt) throws IOException {
        Execution generate = gramian(List.of("generate", "--checkpoint", checkpoint.toString(), "--prompt", prompt,
                "--max-new-tokens", "64", "--json"));
        assertEquals(0, generate.status(), generate::toString);
        return JSON.readTree(generate.out().strip()).get("completion").asText();
    }

    private static JsonNode step(List<JsonNode> rows, long step) {
        return rows.stream().filter(r -> r.get("step").asLong() == step).findFirst().orElseThrow();
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
