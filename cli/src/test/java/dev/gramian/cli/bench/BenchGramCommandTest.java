package dev.gramian.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchGramCommandTest {

    @Test
    @Tag("native")
    void jsonHasExactlyItsKeysAndTheTwoPathsAgree() throws Exception {
        var run = InProcessGramian.run("bench", "gram", "--json", "--layers", "1", "--width", "16", "--pairs", "2",
                "--tokens", "12", "--repeats", "1");
        assertEquals(0, run.status(), run.toString());
        JsonNode json = new ObjectMapper().readTree(run.out());
        List<String> keys = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("step_ms", "probe_ms", "exact_probe_ms", "max_rel_err", "step_cpu_ms",
                "step_gflop_per_s", "precision"), keys);
        assertTrue(json.get("step_ms").asDouble() > 0 && json.get("exact_probe_ms").asDouble() > 0, run.out());
        assertTrue(json.get("max_rel_err").asDouble() < 1e-3, run.out());
        assertTrue(json.get("step_gflop_per_s").asDouble() > 0, run.out());
        assertEquals("float32", json.get("precision").asText());
    }

    @Test
    @Tag("native")
    void bf16RunsInBfloat16WhereTheCpuCanOrWarnsOnceAndRunsFloat32() throws Exception {
        var run = InProcessGramian.run("bench", "gram", "--json", "--precision", "bf16", "--layers", "1", "--width",
                "16", "--pairs", "2", "--tokens", "12", "--repeats", "1");
        assertEquals(0, run.status(), run.toString());
        JsonNode json = new ObjectMapper().readTree(run.out());
        String ran = json.get("precision").asText();
        boolean hardware = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"))
                .matches("(?s).*\\b(amx_bf16|avx512_bf16)\\b.*");
        assertEquals(hardware ? "bfloat16" : "float32", ran, run.toString());
        int warnings = run.err().split("neither AMX-BF16 nor AVX-512 BF16", -1).length - 1;
        assertEquals(hardware ? 0 : 1, warnings, run.err());
        // Fast bfloat16 (or float32) Gram against the float32 exact path.
        assertTrue(json.get("max_rel_err").asDouble() < 1e-2, run.out());
    }

    @Test
    void unknownPrecisionIsAUsageError() {
        var run = InProcessGramian.run("bench", "gram", "--precision", "fp8");
        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().contains("--precision takes fp32 or bf16 (also spelt float32, bfloat16), not 'fp8'"),
                run.err());
    }

    @Test
    void badShapeIsAUsageError() {
        var run = InProcessGramian.run("bench", "gram", "--width", "10");
        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().contains("--width a positive multiple of 4"), run.err());
    }
}
