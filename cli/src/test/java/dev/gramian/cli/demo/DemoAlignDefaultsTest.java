package dev.gramian.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The full {@code gramian demo align} with its defaults, once: it reaches a held-out reward accuracy
 * of at least 0.85, and prints exactly the block the README shows (every number to the printed
 * precision; the demo fixes its thread counts, so the numbers do not depend on the machine's cores).
 * About two minutes on two cores; CI runs it.
 */
@Tag("native")
@Tag("slow")
class DemoAlignDefaultsTest {
    /** Where the README's block says the run went: the demo's default {@code --out}. */
    private static final String DEFAULT_OUT = "runs/demo-align";

    @TempDir
    Path temp;

    @Test
    void defaultDemoReachesHeldOutRewardAccuracyOfAtLeast085AndPrintsTheReadmeBlock() throws IOException {
        Path out = temp.resolve("demo");
        Execution demo = DefaultDemos.run("align", out);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        double accuracy = summary.get(1).get("eval/rewards/accuracies").asDouble();
        assertTrue(accuracy >= 0.85, "held-out reward accuracy " + accuracy + " < 0.85\n" + demo);

        assertEquals(DefaultDemos.readmeBlock("held-out pairs "), DefaultDemos.printed(demo.out(), out, DEFAULT_OUT),
                "the README's demo align block differs from what the demo prints");
    }
}
