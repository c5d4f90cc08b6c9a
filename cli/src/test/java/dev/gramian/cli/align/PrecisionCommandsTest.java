package dev.gramian.cli.align;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --precision bf16} through {@code sft}, {@code align} and {@code probe} on a tiny built-in
 * model: what config.json records, the one warning on CPUs without bfloat16 hardware, the refused
 * resume in another precision, and, with the bfloat16 graph kept on any CPU
 * ({@code -Dgramian.bfloat16.emulate=true}), training and probing that stay close to float32.
 */
@Tag("native")
class PrecisionCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DATA = List.of("--dataset", "1t", "-D", "size=60", "--max-length", "64");
    private static final String FALLBACK = "neither AMX-BF16 nor AVX-512 BF16";
    private static final String EMULATE = "gramian.bfloat16.emulate";
    /**
     * How far bfloat16 training's sequence log-probabilities may be from float32's after six DPO
     * steps, relative: bfloat16 keeps 8 bits of mantissa (3.9e-3 relative per rounding); measured on
     * the emulated graph, 2.0e-4.
     */
    static final double LOGP_TOLERANCE = 5e-3;
    /**
     * How far the bfloat16 probe's Gram entries may be from float32's, as MixedPrecisionTest bounds
     * them (an inner product relative to the norms' geometric mean); measured, 1.7e-3.
     */
    static final double GRAM_TOLERANCE = 1e-2;

    @TempDir
    static Path temp;
    private static Path init;

    @BeforeAll
    static void sft() {
        Path run = temp.resolve("sft");
        Execution sft = gramian(List.of("sft", "--layers", "1", "--width", "16", "--heads", "2", "--mlp", "32",
                "--context", "64", "--steps", "8", "--batch-size", "8", "--eval-every", "4", "--log-every", "4",
                "--out", run.toString()), DATA);
        assertEquals(0, sft.status(), sft::toString);
        init = run.resolve("checkpoints/latest.ckpt");
    }

    private static Execution gramian(List<String> args, List<String> more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(more);
        return InProcessGramian.run(all.toArray(String[]::new));
    }

    private static Execution align(Path out, String... extra) {
        return gramian(List.of("align", "--init", init.toString(), "--batch-size", "4", "--steps", "6",
                "--log-every", "2", "--eval-every", "3", "--checkpoint-every", "3", "--completions", "0",
                "--out", out.toString()), concat(DATA, extra));
    }

    private static Execution probe(Path checkpoint, Path out, String... extra) {
        return gramian(List.of("probe", "--checkpoint", checkpoint.toString(), "--batch-size", "4",
                "--out", out.toString()), concat(DATA, extra));
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static boolean bfloat16Hardware() throws IOException {
        return Files.readString(Path.of("/proc/cpuinfo")).matches("(?s).*\\b(amx_bf16|avx512_bf16)\\b.*");
    }

    private static int fallbackWarnings(Execution run) {
        return run.err().split(FALLBACK, -1).length - 1;
    }

    /** The run's config.json (also read by {@link ActivationMemoryCommandsTest}). */
    static JsonNode config(Path run) throws IOException {
        return JSON.readTree(run.resolve("config.json").toFile());
    }

    /** The rows of a JSON-lines file (also read by {@link ActivationMemoryCommandsTest}). */
    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void bf16IsRecordedWarnedOnceAndAResumeInAnotherPrecisionIsRefused() throws IOException {
        int expectedWarnings = bfloat16Hardware() ? 0 : 1;
        Path run = temp.resolve("align-bf16");
        Execution aligned = align(run, "--precision", "bf16");
        assertEquals(0, aligned.status(), aligned::toString);
        assertEquals(expectedWarnings, fallbackWarnings(aligned), aligned::toString);
        assertEquals("bf16", config(run).get("precision").asText());
        assertEquals("bfloat16", config(run).at("/backend/options/precision").asText());

        byte[] metricsBefore = Files.readAllBytes(run.resolve("metrics.jsonl"));
        byte[] checkpointBefore = Files.readAllBytes(run.resolve("checkpoints/latest.ckpt"));
        Execution refused = align(run, "--resume");
        assertEquals(2, refused.status(), refused::toString);
        assertEquals("gramian: error: cannot resume " + run + ": config key 'precision' differs: the run was trained "
                + "with --precision bf16, this command gives --precision fp32; rerun with --precision bf16, or start "
                + "a new run", refused.err().strip());
        assertArrayEquals(metricsBefore, Files.readAllBytes(run.resolve("metrics.jsonl")));
        assertArrayEquals(checkpointBefore, Files.readAllBytes(run.resolve("checkpoints/latest.ckpt")));
        Execution resumed = align(run, "--resume", "--precision", "bf16");
        assertEquals(0, resumed.status(), resumed::toString);

        Path fp32 = temp.resolve("align-fp32");
        assertEquals(0, align(fp32).status());
        assertEquals("fp32", config(fp32).get("precision").asText());
        Execution other = align(fp32, "--resume", "--precision", "bf16");
        assertEquals(2, other.status(), other::toString);
        assertTrue(other.err().contains("the run was trained with --precision fp32, this command gives --precision "
                + "bf16"), other::toString);
    }

    @Test
    void sftAndProbeRecordTheirPrecisionAndWarnOnce() throws IOException {
        int expectedWarnings = bfloat16Hardware() ? 0 : 1;
        Path sftRun = temp.resolve("sft-bf16");
        Execution sft = gramian(List.of("sft", "--init", init.toString(), "--steps", "2", "--batch-size", "4",
                "--eval-every", "2", "--log-every", "1", "--precision", "bf16", "--out", sftRun.toString()), DATA);
        assertEquals(0, sft.status(), sft::toString);
        assertEquals(expectedWarnings, fallbackWarnings(sft), sft::toString);
        assertEquals("bf16", config(sftRun).get("precision").asText());

        Path audit = temp.resolve("probe-bf16");
        Execution probed = probe(init, audit, "--precision", "bf16");
        assertEquals(0, probed.status(), probed::toString);
        assertEquals(expectedWarnings, fallbackWarnings(probed), probed::toString);
        assertEquals("bf16", config(audit).get("precision").asText());
        assertEquals("bfloat16", config(audit).at("/backend/options/precision").asText());
    }

    @Test
    void theDemosRecordTheirPrecisionAndWarnOnce() throws IOException {
        int expectedWarnings = bfloat16Hardware() ? 0 : 1;
        Path align = temp.resolve("demo-align-bf16");
        Execution demo = InProcessGramian.run("demo", "align", "--out", align.toString(), "--pairs", "80",
                "--sft-steps", "4", "--align-steps", "2", "--eval-every", "2", "--precision", "bf16");
        assertEquals(0, demo.status(), demo::toString);
        assertEquals(expectedWarnings, fallbackWarnings(demo), demo::toString);
        assertEquals("bf16", config(align).get("precision").asText());
        assertEquals("bfloat16", config(align).at("/backend/options/precision").asText());
        assertEquals("2", config(align).at("/backend/options/intra_op_threads").asText());

        Path study = temp.resolve("demo-entanglement-bf16");
        Execution entanglement = InProcessGramian.run("demo", "entanglement", "--out", study.toString(), "--tasks",
                "long-suffix", "--pairs", "20", "--sft-steps", "2", "--sft-batch-size", "4", "--align-steps", "2",
                "--align-batch-size", "2", "--probe-every", "1", "--probe-pairs", "2", "--precision", "bf16");
        assertEquals(0, entanglement.status(), entanglement::toString);
        assertEquals(expectedWarnings, fallbackWarnings(entanglement), entanglement::toString);
        for (String run : List.of("", "long-suffix-sft", "long-suffix-dpo", "long-suffix-simpo")) {
            assertEquals("bf16", config(study.resolve(run)).get("precision").asText(), run);
        }
    }

    /**
     * With the bfloat16 graph kept on any CPU, six DPO steps train (every logged loss finite) to
     * sequence log-probabilities within {@link #LOGP_TOLERANCE} of the float32 run's, and the probe's
     * per-pair Gram entries at the float32 run's checkpoint are within {@link #GRAM_TOLERANCE} of the
     * float32 probe's (whose fast path agrees with the exact one to about 1e-6: {@code TransformerLanguageModelTest},
     * {@code bench gram}).
     */
    @Test
    void forcedBfloat16TrainsAndProbesCloseToFloat32() throws IOException {
        Path fp32 = temp.resolve("drift-fp32");
        Path bf16 = temp.resolve("drift-bf16");
        Path auditFp32 = temp.resolve("drift-probe-fp32");
        Path auditBf16 = temp.resolve("drift-probe-bf16");
        assertEquals(0, align(fp32).status());
        Path checkpoint = fp32.resolve("checkpoints/latest.ckpt");
        assertEquals(0, probe(checkpoint, auditFp32).status());
        System.setProperty(EMULATE, "true");
        try {
            Execution low = align(bf16, "--precision", "bf16");
            assertEquals(0, low.status(), low::toString);
            assertEquals(0, fallbackWarnings(low), low::toString);
            Execution lowProbe = probe(checkpoint, auditBf16, "--precision", "bf16");
            assertEquals(0, lowProbe.status(), lowProbe::toString);
        } finally {
            System.clearProperty(EMULATE);
        }

        List<JsonNode> exact = lines(fp32.resolve("metrics.jsonl"));
        List<JsonNode> mixed = lines(bf16.resolve("metrics.jsonl"));
        assertEquals(exact.size(), mixed.size());
        double worst = 0;
        boolean differs = false;
        for (int i = 0; i < exact.size(); i++) {
            assertEquals(exact.get(i).get("step").asLong(), mixed.get(i).get("step").asLong());
            for (String key : List.of("loss", "eval/loss")) {
                if (mixed.get(i).has(key)) {
                    assertTrue(Double.isFinite(mixed.get(i).get(key).asDouble()), mixed.get(i)::toString);
                }
            }
            for (String key : List.of("logps/chosen", "logps/rejected", "eval/logps/chosen", "eval/logps/rejected")) {
                if (exact.get(i).has(key)) {
                    double want = exact.get(i).get(key).asDouble();
                    double got = mixed.get(i).get(key).asDouble();
                    worst = Math.max(worst, Math.abs(got - want) / Math.abs(want));
                    differs |= got != want;
                }
            }
        }
        assertTrue(differs, "the bfloat16 run gave float32's log-probabilities: were its products bfloat16?");
        assertTrue(worst <= LOGP_TOLERANCE, "log-probability drift " + worst);

        List<JsonNode> reference = lines(auditFp32.resolve("pairs.jsonl"));
        List<JsonNode> fast = lines(auditBf16.resolve("pairs.jsonl"));
        assertEquals(reference.size(), fast.size());
        double gramDrift = 0;
        for (int i = 0; i < reference.size(); i++) {
            JsonNode r = reference.get(i);
            JsonNode f = fast.get(i);
            assertEquals(r.get(EntanglementProbe.PAIR), f.get(EntanglementProbe.PAIR));
            double cn = r.get(EntanglementProbe.CHOSEN_SQ_NORM).asDouble();
            double rn = r.get(EntanglementProbe.REJECTED_SQ_NORM).asDouble();
            gramDrift = Math.max(gramDrift, Math.abs(f.get(EntanglementProbe.CHOSEN_SQ_NORM).asDouble() - cn) / cn);
            gramDrift = Math.max(gramDrift, Math.abs(f.get(EntanglementProbe.REJECTED_SQ_NORM).asDouble() - rn) / rn);
            gramDrift = Math.max(gramDrift, Math.abs(f.get(EntanglementProbe.INNER_PRODUCT).asDouble()
                    - r.get(EntanglementProbe.INNER_PRODUCT).asDouble()) / Math.sqrt(cn * rn));
        }
        assertNotEquals(0.0, gramDrift, "the bfloat16 probe gave float32's Gram entries");
        assertTrue(gramDrift <= GRAM_TOLERANCE, "Gram drift " + gramDrift);
    }
}
