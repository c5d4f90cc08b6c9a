package dev.gramian.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchGenerateCommandTest {

    @Test
    @Tag("native")
    void aSmallShapeReportsCachedAndRecomputedTokensPerSecond() throws Exception {
        var run = InProcessGramian.run("bench", "generate", "--json", "--layers", "2", "--width", "64",
                "--vocabulary", "500", "--prompt-tokens", "200", "--new-tokens", "40");
        assertEquals(0, run.status(), run.toString());
        JsonNode r = new ObjectMapper().readTree(run.out());
        assertEquals(500 * 64 + 1024 * 64 + 2 * (12L * 64 * 64 + 13 * 64) + 2 * 64, r.get("parameters").asLong());
        assertTrue(r.get("prefill_ms").asDouble() > 0, run.out());
        // Recomputing 200 to 240 positions per token costs far more than one position with the cache.
        assertTrue(r.get("tokens_per_second").asDouble() > 2 * r.get("tokens_per_second_without_cache").asDouble(),
                run.out());
        var bad = InProcessGramian.run("bench", "generate", "--prompt-tokens", "1000", "--new-tokens", "100");
        assertEquals(2, bad.status(), bad.toString());
    }
}
