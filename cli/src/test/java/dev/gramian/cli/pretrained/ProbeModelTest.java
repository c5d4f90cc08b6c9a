package dev.gramian.cli.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gramian probe --model}: the per-pair gradient geometry of the tiny Llama fixture's pairs
 * (plain and conversational) over all parameters, as PyTorch autograd computed it: every row of
 * pairs.jsonl is one fixture pair's squared norms and inner product to 1e-4.
 */
@Tag("native")
class ProbeModelTest {

    @TempDir
    Path dir;

    @Test
    void theAuditReproducesTheFixturesGradientGeometry() throws IOException {
        Path fixtures = LogpsCommandTest.FIXTURES;
        var run = InProcessGramian.run("probe", "--model", fixtures.resolve("tiny-llama").toString(), "--data",
                fixtures.resolve("tiny-llama.pairs.jsonl").toString(), "--max-length", "65", "--out",
                dir.resolve("audit").toString());
        assertEquals(0, run.status(), run.toString());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> expected = new ArrayList<>();
        for (String line : Files.readAllLines(fixtures.resolve("tiny-llama.expected.jsonl"))) {
            expected.add(json.readTree(line).get("expected"));
        }
        List<String> rows = Files.readAllLines(dir.resolve("audit/pairs.jsonl"));
        assertEquals(expected.size(), rows.size(), "every pair audited");
        for (String line : rows) {
            JsonNode row = json.readTree(line);
            double chosen = row.get("chosen_sq_norm").asDouble();
            JsonNode match = expected.stream()
                    .filter(e -> Math.abs(e.get("chosen_sq_norm").asDouble() - chosen) <= 1e-4 * chosen)
                    .findFirst().orElseThrow(() -> new AssertionError("no fixture pair has ‖g_w‖² " + chosen));
            double rejected = match.get("rejected_sq_norm").asDouble();
            double inner = match.get("inner_product").asDouble();
            assertEquals(rejected, row.get("rejected_sq_norm").asDouble(), 1e-4 * rejected);
            assertEquals(inner, row.get("inner_product").asDouble(), 1e-4 * Math.abs(inner));
        }
        JsonNode config = json.readTree(dir.resolve("audit/config.json").toFile());
        assertEquals("LlamaForCausalLM", config.get("model").get("architecture").asText());
        var both = InProcessGramian.run("probe", "--model", "x", "--checkpoint", "y.ckpt", "--data", "z",
                "--out", dir.resolve("b").toString());
        assertEquals(2, both.status());
        assertTrue(both.err().contains("exactly one of --checkpoint"), both.err());
    }
}
