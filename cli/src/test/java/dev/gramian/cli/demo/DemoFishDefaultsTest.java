package dev.gramian.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The full {@code gramian demo fish} with its defaults, once: the findings the README says hold do
 * hold, and the demo prints exactly the README's block (the demo fixes its thread counts). FINDINGS.
 * About five minutes on two cores; CI runs it.
 */
@Tag("native")
@Tag("slow")
class DemoFishDefaultsTest {
    private static final String DEFAULT_OUT = "runs/demo-fish";

    @TempDir
    Path temp;

    @Test
    void defaultDemoShowsTheFindingsThatHoldAndPrintsTheReadmeBlock() throws IOException {
        Path out = temp.resolve("demo");
        Execution demo = DefaultDemos.run("fish", out);
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(out.resolve("summary.json").toFile())) {
            rows.put(row.get("rule").asText() + "/N" + row.get("domains").asInt(), row);
        }
        assertEquals(6, rows.size(), rows::toString);
        // ASSERTIONS

        assertEquals(DefaultDemos.readmeBlock("dataset    domains"), DefaultDemos.printed(demo.out(), out, DEFAULT_OUT),
                "the README's demo fish block differs from what the demo prints");
    }

    private static double accuracy(Map<String, JsonNode> rows, String rule, int domains) {
        return rows.get(rule + "/N" + domains).get("test_accuracy").asDouble();
    }

    private static double gip(Map<String, JsonNode> rows, String rule, int domains) {
        return rows.get(rule + "/N" + domains).get("mean_gip").asDouble();
    }
}
