package dev.gramian.cli.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.model.PretrainedLanguageModel;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.cli.InProcessGramian;
import dev.gramian.hf.ModelFolder;
import dev.gramian.hf.PretrainedWeights;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Full-batch plain-SGD DPO steps of {@code gramian align --model} against TRL's {@code DPOTrainer}
 * update (sigmoid loss, β = 0.1, no label smoothing, the reference the frozen initial model, the
 * loss the mean of the per-pair losses, constant rate, no clipping or weight decay), with the
 * reference computed here from what PyTorch and transformers computed for the fixtures, not from
 * the trainer:
 *
 * <ul>
 *   <li>One step on one pair starts at margin 0, so TRL moves the weights by exactly
 *       {@code η·β/2·(g_w − g_l)}: the step's squared length is {@code (ηβ/2)²·(‖g_w‖² + ‖g_l‖² −
 *       2⟨g_w, g_l⟩)} from the fixture's autograd values (float64), and the response
 *       log-probabilities move by {@code ηβ/2·(‖g_w‖² − ⟨g_w, g_l⟩)} and {@code ηβ/2·(⟨g_w, g_l⟩ −
 *       ‖g_l‖²)} to first order.</li>
 *   <li>Three steps on four pairs equal a float64 re-implementation of TRL's update written here
 *       over the fixture's token ids (TRL's tokenisation as the fixtures recorded it), whose
 *       gradients come from the backend's per-sequence weighted gradient — the one checked
 *       against autograd by the fixtures' Gram values and against finite differences.</li>
 *   <li>The entanglement probe of such a run (the fast Gram path) measures at step 0 the geometry
 *       autograd computed, and its first-order predictions match the step's realised changes.</li>
 * </ul>
 */
@Tag("native")
class TrlStepParityTest {

    static final double BETA = 0.1;

    @TempDir
    Path dir;

    private Path align(String fixture, Path data, int pairs, int steps, double rate) {
        Path out = dir.resolve("run-" + fixture);
        var run = InProcessGramian.run("align", "--model", LogpsCommandTest.FIXTURES.resolve(fixture).toString(),
                "--data", data.toString(), "--eval-data", data.toString(), "--objective", "dpo", "-O", "beta=" + BETA,
                "--optimizer", "sgd", "--lr", Double.toString(rate), "--schedule", "constant", "--warmup", "0",
                "--steps", Integer.toString(steps), "--batch-size", Integer.toString(pairs), "--eval-every",
                Integer.toString(steps), "--checkpoint-every", Integer.toString(steps), "--max-length", "65",
                "--out", out.toString());
        assertEquals(0, run.status(), run.toString());
        return out;
    }

    /** The first {@code count} plain-text pairs of a fixture (line numbers into both jsonl files). */
    private static List<Integer> plainPairs(String fixture, int count) throws IOException {
        List<String> lines = Files.readAllLines(LogpsCommandTest.FIXTURES.resolve(fixture + ".pairs.jsonl"));
        ObjectMapper json = new ObjectMapper();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < lines.size() && out.size() < count; i++) {
            if (json.readTree(lines.get(i)).get("prompt").isTextual()) {
                out.add(i);
            }
        }
        return out;
    }

    private Path dataFile(String fixture, List<Integer> rows) throws IOException {
        List<String> lines = Files.readAllLines(LogpsCommandTest.FIXTURES.resolve(fixture + ".pairs.jsonl"));
        Path file = dir.resolve(fixture + "-pairs.jsonl");
        Files.write(file, rows.stream().map(lines::get).toList());
        return file;
    }

    private static JsonNode expected(String fixture, int row) throws IOException {
        String line = Files.readAllLines(LogpsCommandTest.FIXTURES.resolve(fixture + ".expected.jsonl")).get(row);
        return new ObjectMapper().readTree(line).get("expected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void oneStepMovesTheWeightsAsTrlDoes(String fixture) throws IOException {
        double rate = 0.001;
        int row = plainPairs(fixture, 1).get(0);
        Path data = dataFile(fixture, List.of(row));
        Path run = align(fixture, data, 1, 1, rate);
        JsonNode e = expected(fixture, row);
        double cn = e.get("chosen_sq_norm").asDouble();
        double rn = e.get("rejected_sq_norm").asDouble();
        double ip = e.get("inner_product").asDouble();
        double c = rate * BETA / 2;

        ParameterSet before = ModelFolder.load(LogpsCommandTest.FIXTURES.resolve(fixture)).weights();
        ParameterSet step = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt")).parameters();
        step.addScaled(before, -1);
        double expectedLength = c * c * (cn + rn - 2 * ip);
        assertEquals(expectedLength, step.squaredNorm(), 1e-4 * expectedLength, fixture + ": ‖θ₁ − θ₀‖²");

        Path exported = dir.resolve("exported-" + fixture);
        var export = InProcessGramian.run("export", run.toString(), "--out", exported.toString(), "--dtype", "float64");
        assertEquals(0, export.status(), export.toString());
        var logps = InProcessGramian.run("logps", "--model", exported.toString(), "--data", data.toString(),
                "--max-length", "65");
        assertEquals(0, logps.status(), logps.toString());
        JsonNode after = new ObjectMapper().readTree(logps.out().lines().findFirst().orElseThrow());
        double chosenChange = after.get("logp_chosen").asDouble() - e.get("logp_chosen").asDouble();
        double rejectedChange = after.get("logp_rejected").asDouble() - e.get("logp_rejected").asDouble();
        // First order; the second-order remainder is below 1% of the change at this rate.
        assertEquals(c * (cn - ip), chosenChange, 0.01 * Math.abs(c * (cn - ip)), fixture + ": Δ logp_w");
        assertEquals(c * (ip - rn), rejectedChange, 0.01 * Math.abs(c * (ip - rn)), fixture + ": Δ logp_l");
    }

    @Test
    void threeFullBatchStepsFollowTrlsUpdate() throws IOException {
        String fixture = "tiny-llama";
        double rate = 0.05;
        int steps = 3;
        List<Integer> rows = plainPairs(fixture, 4);
        Path run = align(fixture, dataFile(fixture, rows), rows.size(), steps, rate);
        ParameterSet trained = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt")).parameters();

        List<Sequence> chosen = new ArrayList<>();
        List<Sequence> rejected = new ArrayList<>();
        for (int row : rows) {
            JsonNode e = expected(fixture, row);
            chosen.add(sequence(e.get("ids_chosen"), e.get("len_chosen").asInt()));
            rejected.add(sequence(e.get("ids_rejected"), e.get("len_rejected").asInt()));
        }
        List<Sequence> all = new ArrayList<>(chosen);
        all.addAll(rejected);
        int b = rows.size();
        PretrainedWeights folder = ModelFolder.load(LogpsCommandTest.FIXTURES.resolve(fixture));
        ParameterSet start = folder.weights().copy();
        try (Backend backend = PluginCatalog.load(List.of()).create(PluginKind.BACKEND, "tensorflow",
                Map.of("precision", "float64"), Backend.class);
             PretrainedLanguageModel model = backend.pretrainedModel(folder.config().spec(), folder.weights())) {
            double[] reference = model.score(all).logp();
            for (int k = 0; k < steps; k++) {
                double[] logp = model.score(all).logp();
                double[] weights = new double[2 * b];
                for (int i = 0; i < b; i++) {
                    double margin = (logp[i] - reference[i]) - (logp[b + i] - reference[b + i]);
                    // d/d logp of mean_i −log σ(β·margin_i): ∓ β·σ(−β·margin_i) / B
                    double slope = BETA / (1 + Math.exp(BETA * margin)) / b;
                    weights[i] = -slope;
                    weights[b + i] = slope;
                }
                model.parameters().addScaled(model.weightedLogProbGradient(all, weights), -rate);
            }
            ParameterSet difference = trained.copy();
            difference.addScaled(model.parameters(), -1);
            ParameterSet moved = model.parameters().copy();
            moved.addScaled(start, -1);
            assertTrue(moved.squaredNorm() > 1e-6, "the steps moved the weights");
            assertTrue(difference.squaredNorm() <= 1e-8 * moved.squaredNorm(), "align's weights differ from TRL's "
                    + "update by " + Math.sqrt(difference.squaredNorm()) + " of a displacement "
                    + Math.sqrt(moved.squaredNorm()));
        }
    }

    @Test
    void theEntanglementProbeOfAnAlignRunMeasuresTheFixturesGeometry() throws IOException {
        // The probe takes the fast Gram path (one batched backward pass, the tied head's cross terms):
        // at step 0 the weights are the fixture's, so its rows are what autograd computed.
        String fixture = "tiny-gpt2";
        List<Integer> rows = plainPairs(fixture, 4);
        Path data = dataFile(fixture, rows);
        Path out = dir.resolve("probed");
        var run = InProcessGramian.run("align", "--model", LogpsCommandTest.FIXTURES.resolve(fixture).toString(),
                "--data", data.toString(), "--eval-data", data.toString(), "--objective", "dpo", "--optimizer", "sgd",
                "--lr", "0.001", "--warmup", "0", "--steps", "1", "--batch-size", "4", "--probe",
                "entanglement:every=1", "--probe-pairs", "0", "--max-length", "65", "--out", out.toString());
        assertEquals(0, run.status(), run.toString());
        ObjectMapper json = new ObjectMapper();
        List<String> probed = Files.readAllLines(out.resolve("entanglement-pairs.jsonl"));
        assertEquals(rows.size(), probed.size(), "every pair of the step probed");
        for (String line : probed) {
            JsonNode row = json.readTree(line);
            double chosen = row.get("chosen_sq_norm").asDouble();
            JsonNode match = null;
            for (int r : rows) {
                JsonNode e = expected(fixture, r);
                if (Math.abs(e.get("chosen_sq_norm").asDouble() - chosen) <= 1e-4 * chosen) {
                    match = e;
                }
            }
            assertTrue(match != null, "no fixture pair has ‖g_w‖² " + chosen);
            double rejected = match.get("rejected_sq_norm").asDouble();
            double inner = match.get("inner_product").asDouble();
            assertEquals(rejected, row.get("rejected_sq_norm").asDouble(), 1e-4 * rejected);
            assertEquals(inner, row.get("inner_product").asDouble(), 1e-4 * Math.abs(inner));
            double predicted = row.get("predicted_delta_chosen").asDouble();
            double realised = row.get("realised_delta_chosen").asDouble();
            assertTrue(Math.abs(predicted) > 1e-4, "the step moves the pair: " + predicted);
            assertEquals(realised, predicted, 0.01 * Math.abs(realised), "first-order prediction of the step");
        }
    }

    private static Sequence sequence(JsonNode ids, int responseLength) {
        int[] tokens = new int[ids.size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = ids.get(i).asInt();
        }
        return new Sequence(tokens, tokens.length - responseLength);
    }
}
