package dev.gramian.cli.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.cli.InProcessGramian;
import dev.gramian.hf.ModelFolder;
import dev.gramian.hf.PeftAdapter;
import dev.gramian.hf.PretrainedWeights;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code align --model} then {@code export} then {@code logps}: full fine-tuning and LoRA (merged
 * and adapter-only) on the tiny GPT-2 fixture. The exported weights are the run's last checkpoint
 * (rounded to float32), the adapter files hold the checkpoint's adapter, merging it gives the merged
 * export, and the exported folders load back into {@code logps} with the training visible.
 */
@Tag("native")
class AlignExportRoundTripTest {

    static final Path GPT2 = LogpsCommandTest.FIXTURES.resolve("tiny-gpt2");
    static final Path PAIRS = LogpsCommandTest.FIXTURES.resolve("tiny-gpt2.pairs.jsonl");

    @TempDir
    Path dir;

    private void align(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("align", "--model", GPT2.toString(), "--data",
                PAIRS.toString(), "--eval-fraction", "0.2", "--steps", "3", "--batch-size", "4", "--optimizer", "sgd",
                "--lr", "0.5", "--warmup", "0", "--eval-every", "3", "--checkpoint-every", "3", "--max-length", "65", "--out", out.toString()));
        args.addAll(List.of(extra));
        var run = InProcessGramian.run(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.toString());
    }

    private List<Double> logps(Path model) throws IOException {
        var run = InProcessGramian.run("logps", "--model", model.toString(), "--data", PAIRS.toString());
        assertEquals(0, run.status(), run.toString());
        ObjectMapper json = new ObjectMapper();
        List<Double> out = new java.util.ArrayList<>();
        for (String line : run.out().lines().toList()) {
            out.add(json.readTree(line).get("logp_chosen").asDouble());
        }
        return out;
    }

    private void export(Path run, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("export", run.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        var exported = InProcessGramian.run(args.toArray(String[]::new));
        assertEquals(0, exported.status(), exported.toString());
    }

    private static void assertFloatEqual(ParameterSet expected, ParameterSet actual, double tolerance) {
        assertEquals(expected.names(), actual.names());
        for (ParameterSet.Parameter p : expected.parameters()) {
            double[] a = actual.values(p.name());
            for (int i = 0; i < a.length; i++) {
                assertEquals((float) p.values()[i], a[i], tolerance, p.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void fullFineTuningExportsTheLastCheckpoint() throws IOException {
        Path run = dir.resolve("full");
        align(run);
        JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertEquals("GPT2LMHeadModel", config.get("model").get("architecture").asText());
        Path out = dir.resolve("exported");
        export(run, out);
        ParameterSet checkpoint = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt")).parameters();
        PretrainedWeights exported = ModelFolder.load(out);
        assertFloatEqual(checkpoint, exported.weights(), 0);
        assertTrue(Files.exists(out.resolve("tokenizer.json")));
        List<Double> before = logps(GPT2);
        List<Double> after = logps(out);
        assertEquals(before.size(), after.size());
        assertNotEquals(before.get(0), after.get(0), 1e-3, "training moved the exported model");
    }

    @Test
    void loraExportsMergedOrAsAnAdapter() throws IOException {
        Path run = dir.resolve("lora");
        align(run, "--lora-rank", "4", "--lora-alpha", "8");
        Path merged = dir.resolve("merged");
        Path adapter = dir.resolve("adapter");
        export(run, merged, "--dtype", "float32");
        export(run, adapter, "--adapter-only");
        ParameterSet trained = CheckpointFile.read(run.resolve("checkpoints/latest.ckpt")).parameters();
        assertEquals(4, trained.names().size(), "the adapter's A and B of c_attn in two blocks");
        PeftAdapter peft = PeftAdapter.read(adapter);
        assertEquals(new LoraSpec(4, 8, 0, List.of("c_attn"), false), peft.lora());
        assertFloatEqual(trained, peft.weights(), 0);
        PretrainedWeights base = ModelFolder.load(GPT2);
        ParameterSet expected = peft.lora().merge(base.config().spec(), base.weights(), peft.weights());
        assertFloatEqual(expected, ModelFolder.load(merged).weights(), 1e-6);
        assertNotEquals(logps(GPT2).get(1), logps(merged).get(1), 1e-4, "the merged adapter changes the model");
        var refused = InProcessGramian.run("export", run.toString(), "--out", merged.toString());
        assertEquals(3, refused.status(), refused.toString());
        assertTrue(refused.err().contains("already exists"), refused.err());
    }

    @Test
    void initAndModelExcludeEachOther() {
        var run = InProcessGramian.run("align", "--data", PAIRS.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().contains("exactly one of --init CKPT"), run.err());
        var lora = InProcessGramian.run("align", "--init", "x.ckpt", "--lora-rank", "4", "--data", PAIRS.toString(),
                "--out", dir.resolve("y").toString());
        assertEquals(2, lora.status(), lora.toString());
    }
}
