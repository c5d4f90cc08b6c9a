package dev.gramian.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian.Execution;
import dev.gramian.cli.InProcessGramian;
import dev.gramian.cli.ReportCharts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gramian demo fish and bench fish at toy sizes: the files and keys they promise. */
@Tag("native")
class DemoAndBenchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void demoWritesOneRowPerDomainCountAndRuleWithAReport() throws IOException {
        Path out = temp.resolve("demo");
        Execution demo = InProcessGramian.run("demo", "fish", "--domains", "2,3", "--image-size", "32",
                "--examples", "96", "--erm-batch", "8", "--batch-size", "8", "--evaluations", "2", "--train-examples",
                "40", "--out", out.toString());
        assertEquals(0, demo.status(), demo::toString);
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(4, summary.size());
        int row = 0;
        for (int domains : List.of(2, 3)) {
            for (String rule : List.of("erm", "fish")) {
                JsonNode r = summary.get(row++);
                assertEquals("cdsprites", r.get("dataset").asText());
                assertEquals(domains, r.get("domains").asInt());
                assertEquals(rule, r.get("rule").asText());
                // 96 examples: ERM takes ceil(8 / N) per domain a step, Fish 8 per domain and inner step.
                int perStep = rule.equals("erm") ? (8 + domains - 1) / domains * domains : 8 * domains;
                assertEquals(96 / perStep, r.get("steps").asInt(), r::toString);
                double accuracy = r.get("test_accuracy").asDouble(-1);
                assertTrue(accuracy >= 0 && accuracy <= 1, r::toString);
                assertTrue(r.get("mean_gip").isNumber(), r::toString);
                Path run = out.resolve(r.get("run").asText());
                assertEquals(r.get("test_accuracy"), JSON.readTree(run.resolve("summary.json").toFile())
                        .get("test_accuracy"), "the row is the run's own result");
                double domainSelected = r.get("domain_val_test_accuracy").asDouble(-1);
                assertTrue(domainSelected >= 0 && domainSelected <= 1, r::toString);
                assertTrue(r.get("domain_val_step").asLong() <= r.get("steps").asLong(), r::toString);
            }
        }
        assertTrue(ReportCharts.count(out.resolve("report.html")) >= 3, "the demo report has at least 3 charts");
        assertTrue(demo.out().contains("test@td-val") && demo.out().contains("report: " + out.resolve("report.html")),
                demo::toString);
    }

    @Test
    void benchReportsTheRatioOfAFishMetaStepToTheSameErmSteps() throws IOException {
        Execution bench = InProcessGramian.run("bench", "fish", "--domains", "2", "--rounds", "3", "--warmup", "1",
                "--json");
        assertEquals(0, bench.status(), bench::toString);
        JsonNode result = JSON.readTree(bench.out());
        assertEquals(2, result.get("domains").asInt());
        double fish = result.get("fish_meta_step_ms").asDouble();
        double erm = result.get("erm_inner_steps_ms").asDouble();
        assertTrue(fish > 0 && erm > 0, result::toString);
        assertEquals(fish / erm, result.get("ratio").asDouble(), 1e-12);
    }
}
