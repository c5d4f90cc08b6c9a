package dev.gramian.cli.align;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.cli.InProcessGramian;
import dev.gramian.cli.InProcessGramian.Execution;
import dev.gramian.probes.entanglement.EntanglementProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.gramian.cli.align.PrecisionCommandsTest.config;
import static dev.gramian.cli.align.PrecisionCommandsTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --activation-memory} on {@code sft}, {@code align} and {@code probe}: recorded in
 * config.json's backend options, and a budget so small that every step runs in pieces (1 MiB holds
 * 262,144 floats of activations; a pair of this model is estimated at 2,484 floats a token and
 * sequence at 30 tokens, 344,064 at 64, so a batch of four pairs never fits and the longer pairs run
 * sequence by sequence) trains and probes as the default budget does, up to the float rounding of
 * the summed pieces.
 */
@Tag("native")
class ActivationMemoryCommandsTest {
    private static final List<String> DATA = List.of("--dataset", "1t", "-D", "size=60", "--max-length", "64");
    /** Summing a batch's gradient in pieces instead of at once changes float32 rounding only. */
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path temp;
    private static Path init;

    @BeforeAll
    static void sft() throws IOException {
        Path run = temp.resolve("sft");
        Execution sft = gramian(List.of("sft", "--layers", "1", "--width", "64", "--heads", "2", "--mlp", "256",
                "--context", "64", "--steps", "4", "--batch-size", "8", "--eval-every", "4", "--log-every", "2",
                "--activation-memory", "2048", "--out", run.toString()));
        assertEquals(0, sft.status(), sft::toString);
        assertEquals("2048", config(run).at("/backend/options/activation_memory_mb").asText());
        init = run.resolve("checkpoints/latest.ckpt");
    }

    @Test
    void aPairBySequenceBudgetTrainsAsTheDefaultOneAndIsRecorded() throws IOException {
        Path whole = temp.resolve("align-default");
        Path pieces = temp.resolve("align-1mib");
        assertEquals(0, align(whole).status());
        Execution small = align(pieces, "--activation-memory", "1");
        assertEquals(0, small.status(), small::toString);
        assertEquals("1", config(pieces).at("/backend/options/activation_memory_mb").asText());
        assertEquals("512", config(whole).at("/backend/options/activation_memory_mb").asText(), "the default");

        List<JsonNode> expected = lines(whole.resolve("metrics.jsonl"));
        List<JsonNode> actual = lines(pieces.resolve("metrics.jsonl"));
        assertEquals(expected.size(), actual.size());
        int compared = 0;
        for (int i = 0; i < expected.size(); i++) {
            for (String key : List.of("loss", "logps/chosen", "logps/rejected", "eval/logps/chosen",
                    "eval/logps/rejected")) {
                if (expected.get(i).has(key)) {
                    double want = expected.get(i).get(key).asDouble();
                    assertEquals(want, actual.get(i).get(key).asDouble(), TOLERANCE * Math.abs(want),
                            key + " at row " + i);
                    compared++;
                }
            }
        }
        assertTrue(compared >= 10, "compared " + compared + " values");
    }

    @Test
    void theProbeGivesTheSameGramUnderAPairBySequenceBudget() throws IOException {
        Path whole = temp.resolve("probe-default");
        Path pieces = temp.resolve("probe-1mib");
        assertEquals(0, probe(whole).status());
        Execution small = probe(pieces, "--activation-memory", "1");
        assertEquals(0, small.status(), small::toString);
        List<JsonNode> expected = lines(whole.resolve("pairs.jsonl"));
        List<JsonNode> actual = lines(pieces.resolve("pairs.jsonl"));
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            for (String key : List.of(EntanglementProbe.CHOSEN_SQ_NORM, EntanglementProbe.REJECTED_SQ_NORM)) {
                double want = expected.get(i).get(key).asDouble();
                assertEquals(want, actual.get(i).get(key).asDouble(), TOLERANCE * want, key + " of pair " + i);
            }
        }
    }

    @Test
    void aBudgetBelowOneMebibyteIsRefusedBeforeAnythingIsWritten() {
        Path out = temp.resolve("refused");
        Execution refused = align(out, "--activation-memory", "0");
        assertEquals(2, refused.status(), refused::toString);
        assertTrue(refused.err().contains("--activation-memory must be at least 1 (MiB), got 0"), refused::toString);
        assertFalse(Files.exists(out.resolve("config.json")));
    }

    private static Execution align(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("align", "--init", init.toString(), "--batch-size", "4",
                "--steps", "4", "--log-every", "2", "--eval-every", "2", "--completions", "0",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return gramian(args);
    }

    private static Execution probe(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("probe", "--checkpoint", init.toString(), "--batch-size", "4",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return gramian(args);
    }

    private static Execution gramian(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(DATA);
        return InProcessGramian.run(all.toArray(String[]::new));
    }
}
