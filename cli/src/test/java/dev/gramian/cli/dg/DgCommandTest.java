package dev.gramian.cli.dg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.checkpoint.OptimizerAndRuleState;
import dev.gramian.cli.InProcessGramian;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gramian dg end to end on the linear toy (a softmax regression on the TensorFlow backend, seconds). */
@Tag("native")
class DgCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static Execution dg(Path out, String rule, String... extra) {
        List<String> args = new ArrayList<>(List.of("dg", "--dataset", "linear-toy", "-D", "train_examples=64",
                "-D", "validation_examples=32", "-D", "test_examples=64", "--rule", rule, "--lr", "0.05",
                "--batch-size", "8", "--steps", "6", "--eval-every", "2", "--probe-every", "1", "--out",
                out.toString()));
        args.addAll(List.of(extra));
        Execution run = InProcessGramian.run(args.toArray(String[]::new));
        assertEquals(0, run.status(), run::toString);
        return run;
    }

    private static List<JsonNode> metrics(Path run) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void aDivergingRunStopsWithExitCode6AndKeepsTheLastFiniteRowAndCheckpoint() throws IOException {
        Path run = temp.resolve("diverged");
        Execution dg = InProcessGramian.run("dg", "--dataset", "linear-toy", "-D", "train_examples=64", "-D",
                "validation_examples=32", "-D", "test_examples=64", "--rule", "erm", "--lr", "1e300", "--batch-size",
                "8", "--steps", "6", "--eval-every", "1", "--quiet", "--out", run.toString());
        assertEquals(6, dg.status(), dg::toString);
        assertEquals("gramian: error: training diverged at step 2: the domain rule's loss (NaN) is not finite; lower "
                + "the learning rate (1.0E300) or the rule's own strengths (e.g. idgm's gamma, fish's inner_lr)",
                dg.err().strip(), dg::toString);
        List<JsonNode> rows = metrics(run);
        assertEquals(1, rows.size(), rows::toString);
        assertEquals(1, rows.get(0).get("step").asLong());
        assertTrue(Double.isFinite(rows.get(0).get("loss").asDouble(Double.NaN)), rows::toString);
        Checkpoint latest = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt"));
        assertEquals(1, latest.step());
        assertTrue(latest.parameters().firstNonFinite().isEmpty(), "the kept checkpoint is finite");
    }

    @Test
    void writesConfigMetricsCheckpointsAndSummary() throws IOException {
        Path run = temp.resolve("erm");
        Execution execution = dg(run, "erm");
        assertTrue(execution.out().contains("held-out test accuracy"), execution::toString);

        JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
        assertEquals("dg", config.get("command").asText());
        assertEquals("linear-toy", config.at("/dataset/id").asText());
        assertEquals("64", config.at("/dataset/options/train_examples").asText());
        assertEquals("linear-toy", config.at("/data/source").asText());
        assertEquals(0, config.at("/data/files").size(), "generated data reads no files");
        assertEquals("erm", config.at("/rule/id").asText());
        assertEquals("domain-gip", config.at("/probes/0/id").asText());
        assertEquals("1", config.at("/probes/0/options/every").asText());
        assertEquals("mlp", config.at("/model/architecture").asText());
        assertEquals(6, config.at("/training/steps").asInt());

        List<JsonNode> rows = metrics(run);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), rows.stream().map(r -> r.get("step").asLong()).toList());
        JsonNode evaluated = rows.get(1);
        for (String key : List.of("loss", "val/accuracy", "test/accuracy", "gip/mean", "gip/cosine_mean",
                "gip/gram/0/2")) {
            assertTrue(evaluated.has(key), key + " in " + evaluated);
        }
        List<String> names = new ArrayList<>();
        evaluated.fieldNames().forEachRemaining(names::add);
        assertEquals(3, names.stream().filter(n -> n.startsWith("train/") && n.endsWith("/accuracy")).count(),
                names::toString);
        assertFalse(rows.get(0).has("val/accuracy"), "only every second step is evaluated");

        for (String file : List.of("latest.ckpt", "selected.ckpt", "step-00000002.ckpt", "step-00000006.ckpt")) {
            assertTrue(Files.isRegularFile(run.resolve("checkpoints").resolve(file)), file);
        }
        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        assertEquals(3, summary.get("domains").asInt());
        JsonNode gram = summary.get("domain_gram");
        assertEquals(3, gram.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(3, gram.get(i).size());
            assertTrue(gram.get(i).get(i).asDouble() >= 0, "a squared norm is never negative");
            assertEquals(gram.get(i).get((i + 1) % 3).asDouble(), gram.get((i + 1) % 3).get(i).asDouble());
        }
        double best = rows.stream().filter(r -> r.has("val/accuracy")).mapToDouble(r -> r.get("val/accuracy")
                .asDouble()).max().orElseThrow();
        assertEquals(best, summary.get("val_accuracy").asDouble(),
                "the selected model has the best validation accuracy");
        JsonNode selectedRow = rows.get(summary.get("selected_step").asInt() - 1);
        assertEquals(selectedRow.get("test/accuracy").asDouble(), summary.get("test_accuracy").asDouble());
        double meanGip = rows.stream().filter(r -> r.has("val/accuracy")).mapToDouble(r -> r.get("gip/mean")
                .asDouble()).average().orElseThrow();
        assertEquals(meanGip, summary.get("mean_gip").asDouble(), 1e-12);
    }

    /**
     * A run resumed from its step-4 checkpoint ends with the same metrics and summary as one that was
     * never interrupted: stream positions, the rules' random source (fish's domain order), the outer
     * optimiser's Adam state, fish's persistent inner Adam (its default) and the selection so far all
     * come back.
     */
    @ParameterizedTest
    @ValueSource(strings = {"erm", "fish", "fish persist_inner_state=false", "fish inner_amsgrad=true"})
    void resumingFromACheckpointEndsWithTheSameMetrics(String ruleAndOption) throws IOException {
        String rule = ruleAndOption.split(" ")[0];
        String[] options = ruleAndOption.contains(" ") ? new String[] {"-O", ruleAndOption.split(" ")[1]}
                : new String[0];
        Path whole = temp.resolve("whole");
        dg(whole, rule, options);

        Path resumed = temp.resolve("resumed");
        dg(resumed, rule, options);
        // as if the process had died after step 5: the newest checkpoint is step 4's
        Path checkpoints = resumed.resolve("checkpoints");
        Files.copy(checkpoints.resolve("step-00000004.ckpt"), checkpoints.resolve("latest.ckpt"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.delete(checkpoints.resolve("step-00000006.ckpt"));
        Files.delete(resumed.resolve("summary.json"));
        List<String> resumedArgs = new ArrayList<>(List.of(options));
        resumedArgs.add("--resume");
        dg(resumed, rule, resumedArgs.toArray(String[]::new));

        assertEquals(Files.readAllLines(whole.resolve("metrics.jsonl")), Files.readAllLines(resumed.resolve(
                "metrics.jsonl")));
        assertEquals(JSON.readTree(whole.resolve("summary.json").toFile()),
                JSON.readTree(resumed.resolve("summary.json").toFile()));
    }

    /** {@code inner_amsgrad=true} gives fish's persistent inner Adam AMSGrad's third slot; with sgd it is refused. */
    @Test
    void fishsInnerAdamTakesAmsgrad() throws IOException {
        Path run = temp.resolve("amsgrad");
        dg(run, "fish", "-O", "inner_amsgrad=true");
        Checkpoint latest = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt"));
        assertTrue(latest.optimizer().slots().containsKey(OptimizerAndRuleState.RULE_PREFIX + "v_max"),
                latest.optimizer().slots().keySet()::toString);
        Path plain = temp.resolve("plain-inner");
        dg(plain, "fish");
        assertFalse(CheckpointFile.read(plain.resolve("checkpoints/latest.ckpt")).optimizer().slots()
                .containsKey(OptimizerAndRuleState.RULE_PREFIX + "v_max"));
        Execution refused = InProcessGramian.run("dg", "--dataset", "linear-toy", "--rule", "fish", "-O",
                "inner_optimizer=sgd", "-O", "inner_amsgrad=true", "--out", temp.resolve("refused").toString());
        assertEquals(2, refused.status(), refused::toString);
        assertTrue(refused.err().contains("inner_amsgrad=true needs inner_optimizer=adam, not sgd"), refused::toString);
    }

    @Test
    void resumeRefusesOtherSettingsAndAFreshRunRefusesAnOccupiedDirectory() throws IOException {
        Path run = temp.resolve("run");
        dg(run, "erm");
        String metrics = Files.readString(run.resolve("metrics.jsonl"));
        Execution other = InProcessGramian.run("dg", "--dataset", "linear-toy", "--rule", "and-mask", "--out",
                run.toString(), "--resume");
        assertEquals(2, other.status(), other::toString);
        assertTrue(other.err().contains("cannot resume"), other::toString);
        Execution fresh = InProcessGramian.run("dg", "--dataset", "linear-toy", "--out", run.toString());
        assertEquals(2, fresh.status(), fresh::toString);
        assertTrue(fresh.err().contains("not empty"), fresh::toString);
        assertEquals(metrics, Files.readString(run.resolve("metrics.jsonl")), "nothing already written is lost");
    }
}
