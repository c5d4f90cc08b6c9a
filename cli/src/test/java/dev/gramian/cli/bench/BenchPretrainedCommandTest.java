package dev.gramian.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchPretrainedCommandTest {

    @Test
    @Tag("native")
    void aSmallShapeReportsTimesAndMemoryForFullAndLoraTraining() throws Exception {
        var full = InProcessGramian.run("bench", "pretrained", "--json", "--layers", "1", "--width", "64",
                "--vocabulary", "500", "--pairs", "2", "--tokens", "16", "--repeats", "10", "-P", "state_precision=float32");
        assertEquals(0, full.status(), full.toString());
        JsonNode f = new ObjectMapper().readTree(full.out());
        long parameters = 500 * 64 + 1024 * 64 + 12L * 64 * 64 + 13 * 64 + 2 * 64;
        assertEquals(parameters, f.get("parameters").asLong());
        assertEquals(parameters, f.get("trainable").asLong());
        assertTrue(f.get("step_ms").asDouble() > 0 && f.get("peak_rss_bytes").asLong() > 0, full.out());
        // the JVM's process clock ticks every 10 ms: ten steps of a few ms each add up to some ticks
        assertTrue(f.get("step_cpu_ms").asDouble() > 0, full.out());
        // 24.5 MFLOP per step of this shape (PretrainedStepBenchmarkTest counts them) over the median wall time
        assertEquals(24_529_920 / 1e9 / (f.get("step_ms").asDouble() / 1e3), f.get("step_gflop_per_s").asDouble(),
                0.01 + 0.01 * f.get("step_gflop_per_s").asDouble(), full.out());
        var lora = InProcessGramian.run("bench", "pretrained", "--json", "--layers", "1", "--width", "64",
                "--vocabulary", "500", "--pairs", "2", "--tokens", "16", "--repeats", "1", "--lora-rank", "4",
                "--activation-memory", "1");
        assertEquals(0, lora.status(), lora.toString());
        assertEquals(4 * 64 + 3 * 64 * 4, new ObjectMapper().readTree(lora.out()).get("trainable").asLong());
    }

    @Test
    void badShapeIsAUsageError() {
        var run = InProcessGramian.run("bench", "pretrained", "--width", "100");
        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().contains("--width a positive multiple of 64"), run.err());
        var memory = InProcessGramian.run("bench", "pretrained", "--activation-memory", "0");
        assertEquals(2, memory.status(), memory.toString());
        assertTrue(memory.err().contains("--activation-memory must be at least 1 (MiB), got 0"), memory.err());
        var option = InProcessGramian.run("bench", "pretrained", "-P", "state_precision=float16");
        assertEquals(2, option.status(), option.toString());
        assertTrue(option.err().contains("state_precision") && option.err().contains("float32"), option.err());
    }
}
