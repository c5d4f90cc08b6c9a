package dev.gramian.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchEntanglementCommandTest {

    @Test
    @Tag("native")
    void jsonReportsBothTimesAndTheirRatioFromOneRun() throws Exception {
        var run = InProcessGramian.run("bench", "entanglement", "--json", "--layers", "1", "--width", "16",
                "--pairs", "3", "--probe-pairs", "2", "--tokens", "12", "--repeats", "2");
        assertEquals(0, run.status(), run.toString());
        JsonNode json = new ObjectMapper().readTree(run.out());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("step_ms", "probe_ms", "probe_to_step", "batch_pairs", "probe_pairs"), keys);
        double step = json.get("step_ms").asDouble();
        double probe = json.get("probe_ms").asDouble();
        assertTrue(step > 0 && probe > 0, run.out());
        assertEquals(probe / step, json.get("probe_to_step").asDouble(), 1e-12);
        assertEquals(3, json.get("batch_pairs").asInt());
        assertEquals(2, json.get("probe_pairs").asInt());
    }

    @Test
    @Tag("native")
    void theTableNamesTheTargetAndTheProbesLastReading() {
        var run = InProcessGramian.run("bench", "entanglement", "--layers", "1", "--width", "8", "--pairs", "2",
                "--probe-pairs", "2", "--tokens", "10", "--repeats", "1", "--objective", "simpo");
        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("probe_ms / step_ms = ") && run.out().contains("(target <= 1.5)"), run.out());
        assertTrue(run.out().contains("rows written: 4;"), "two probe pairs on each of two probed steps: " + run.out());
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        var probePairs = InProcessGramian.run("bench", "entanglement", "--probe-pairs", "0");
        assertEquals(2, probePairs.status(), probePairs.toString());
        assertTrue(probePairs.err().contains("--probe-pairs >= 1"), probePairs.err());
        var shape = InProcessGramian.run("bench", "entanglement", "--width", "6");
        assertEquals(2, shape.status(), shape.toString());
        assertTrue(shape.err().contains("bench entanglement needs") && shape.err().contains("--width"), shape.err());
    }

    @Test
    void anUnknownObjectiveIsNamed() {
        var run = InProcessGramian.run("bench", "entanglement", "--objective", "nope", "--layers", "1", "--width", "8");
        assertTrue(run.status() != 0, run.toString());
        assertTrue(run.err().contains("nope"), run.err());
    }
}
