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
    void jsonHasExactlyTheFourKeysAndTheTwoPathsAgree() throws Exception {
        var run = InProcessGramian.run("bench", "gram", "--json", "--layers", "1", "--width", "16", "--pairs", "2",
                "--tokens", "12", "--repeats", "1");
        assertEquals(0, run.status(), run.toString());
        JsonNode json = new ObjectMapper().readTree(run.out());
        List<String> keys = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("step_ms", "probe_ms", "exact_probe_ms", "max_rel_err"), keys);
        assertTrue(json.get("step_ms").asDouble() > 0 && json.get("exact_probe_ms").asDouble() > 0, run.out());
        assertTrue(json.get("max_rel_err").asDouble() < 1e-3, run.out());
    }

    @Test
    void badShapeIsAUsageError() {
        var run = InProcessGramian.run("bench", "gram", "--width", "10");
        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().contains("--width a positive multiple of 4"), run.err());
    }
}
