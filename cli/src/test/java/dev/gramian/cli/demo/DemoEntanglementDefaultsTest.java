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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The full {@code gramian demo entanglement} with its defaults, once: the findings of the paper hold,
 * and the demo prints exactly the README's block. Findings: every dpo run is aligned (held-out reward
 * accuracy at least 0.8 on each task); the mean chosen/rejected gradient cosine under dpo is lower on
 * {@code 1t} than on {@code long-suffix}; dpo on {@code long-suffix} lowers the chosen
 * log-probability by at least one nat while the margin grows; dpo + normalized lowers it by at most a
 * tenth of that (or raises it) at an accuracy of at least 0.8; every run's probe predicts the realised
 * log-probability changes (correlation above 0.8; median relative error below 0.1 for dpo and
 * dpo + normalized, below 0.15 for simpo, whose steps are larger); simpo runs beside
 * them on every task. About 10 minutes of CPU time on two cores; CI runs it.
 */
@Tag("native")
@Tag("slow")
class DemoEntanglementDefaultsTest {
    private static final String DEFAULT_OUT = "runs/demo-entanglement";

    @TempDir
    Path temp;

    @Test
    void defaultDemoShowsThePapersFindingsAndPrintsTheReadmeBlock() throws IOException {
        Path out = temp.resolve("demo");
        Execution demo = DefaultDemos.run("entanglement", out);
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(out.resolve("summary.json").toFile())) {
            rows.put(row.get("task").asText() + "/" + row.get("objective").asText(), row);
            double bound = row.get("objective").asText().equals("simpo") ? 0.15 : 0.1;
            assertTrue(row.get("prediction_median_relative_error").asDouble() < bound, row::toString);
            assertTrue(row.get("prediction_correlation").asDouble() > 0.8, row::toString);
        }
        for (String task : List.of("1t", "short-suffix", "long-suffix")) {
            for (String objective : List.of("dpo", "dpo+normalized", "simpo")) {
                assertTrue(rows.containsKey(task + "/" + objective), "a row for " + task + "/" + objective);
            }
            JsonNode dpo = rows.get(task + "/dpo");
            assertTrue(dpo.get("eval_accuracy").asDouble() >= 0.8, "dpo aligns " + task + ": " + dpo);
        }
        assertTrue(rows.get("1t/dpo").get("mean_cosine").asDouble()
                < rows.get("long-suffix/dpo").get("mean_cosine").asDouble(), rows::toString);
        JsonNode dpo = rows.get("long-suffix/dpo");
        double chosenFall = -dpo.get("delta_logp_chosen").asDouble();
        assertTrue(chosenFall >= 1, "dpo on long-suffix: the chosen log-probability falls by at least 1 nat " + dpo);
        assertTrue(dpo.get("delta_logp_chosen").asDouble() > dpo.get("delta_logp_rejected").asDouble(),
                "dpo on long-suffix: the margin grows " + dpo);
        JsonNode normalized = rows.get("long-suffix/dpo+normalized");
        assertTrue(-normalized.get("delta_logp_chosen").asDouble() <= chosenFall / 10,
                "dpo + normalized: the chosen log-probability falls by at most a tenth of dpo's " + normalized);
        assertTrue(normalized.get("eval_accuracy").asDouble() >= 0.8, "dpo + normalized aligns too " + normalized);

        assertEquals(DefaultDemos.readmeBlock("task          objective"),
                DefaultDemos.printed(demo.out(), out, DEFAULT_OUT),
                "the README's demo entanglement block differs from what the demo prints");
    }
}
