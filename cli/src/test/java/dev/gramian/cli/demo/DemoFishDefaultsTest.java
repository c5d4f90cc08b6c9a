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
 * hold, and the demo prints exactly the README's block (the demo fixes its thread counts). Findings,
 * on the models after the last step: ERM is near chance (at most 0.60) at N = 5 and 10, having
 * learned the colours; Fish is at least 10 points ahead of ERM at N = 10 and 15; Fish's accuracy
 * rises with N; Fish's mean inner product of the domains' gradients is above ERM's at N = 5 and 10.
 * The README also says what does not hold. CI runs it.
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
        for (int n : new int[] {5, 10}) {
            assertTrue(accuracy(rows, "erm", n) <= 0.60, "ERM near chance at N = " + n + ": " + rows);
            assertTrue(gip(rows, "fish", n) > gip(rows, "erm", n), "Fish's GIP above ERM's at N = " + n + ": " + rows);
        }
        for (int n : new int[] {10, 15}) {
            assertTrue(accuracy(rows, "fish", n) >= accuracy(rows, "erm", n) + 0.10,
                    "Fish at least 10 points above ERM at N = " + n + ": " + rows);
        }
        assertTrue(accuracy(rows, "fish", 5) < accuracy(rows, "fish", 10)
                && accuracy(rows, "fish", 10) < accuracy(rows, "fish", 15), "Fish rises with N: " + rows);

        assertEquals(DefaultDemos.readmeBlock("dataset    domains"), DefaultDemos.printed(demo.out(), out, DEFAULT_OUT),
                "the README's demo fish block differs from what the demo prints");
    }

    private static double accuracy(Map<String, JsonNode> rows, String rule, int domains) {
        return rows.get(rule + "/N" + domains).get("final_test_accuracy").asDouble();
    }

    private static double gip(Map<String, JsonNode> rows, String rule, int domains) {
        return rows.get(rule + "/N" + domains).get("mean_gip").asDouble();
    }
}
