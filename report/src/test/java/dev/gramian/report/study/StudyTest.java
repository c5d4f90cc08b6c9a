package dev.gramian.report.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.gramian.runs.RecordedRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void leadingTextColumnsNameTheRowAndKnownNamesAreCompared() throws Exception {
        JsonNode summary = JSON.readTree("""
                [{"task": "1t", "objective": "dpo", "delta_logp_chosen": 0.1, "pairs": 3},
                 {"task": "1t", "objective": "dpo+normalized", "delta_logp_chosen": 0.2, "pairs": 3},
                 {"task": "short-suffix", "objective": "dpo", "delta_logp_chosen": 0.3, "pairs": 3},
                 {"task": "short-suffix", "objective": "dpo+normalized", "delta_logp_chosen": 0.4, "pairs": 3},
                 {"task": "long-suffix", "objective": "simpo", "delta_logp_chosen": 0.5, "pairs": 3}]
                """);
        List<RecordedRun> runs = List.of(run("1t-dpo+normalized"), run("1t-dpo"), run("short-suffix-dpo"),
                run("short-suffix-dpo+normalized"), run("1t-sft"));

        Study study = Study.of("demo", MissingNode.getInstance(), summary, runs);

        assertEquals("objective", study.compared());
        assertEquals(List.of("task"), study.grouping());
        assertEquals(List.of("delta_logp_chosen", "pairs"), study.results(), "columns after the first number are results");
        assertEquals(List.of("1t", "short-suffix", "long-suffix"), study.groups());
        assertEquals(List.of("dpo", "dpo+normalized", "simpo"), study.variants());
        assertEquals("1t-dpo", study.rows().get(0).run().name(), "dpo is not a part of 1t-dpo+normalized");
        assertEquals("short-suffix-dpo+normalized", study.rows().get(3).run().name());
        assertNull(study.rows().get(4).run(), "no directory holds long-suffix and simpo");
        assertEquals(4, study.runRows().size());
    }

    @Test
    void aNumericGroupingAndARunColumn() throws Exception {
        JsonNode summary = JSON.readTree("""
                [{"dataset": "cdsprites", "domains": 5, "rule": "erm", "test_accuracy": 0.5, "run": "b"},
                 {"dataset": "cdsprites", "domains": 5, "rule": "fish", "test_accuracy": 0.6, "run": "a"},
                 {"dataset": "cdsprites", "domains": 10, "rule": "fish", "test_accuracy": 0.7, "run": "c"}]
                """);

        Study study = Study.of("fish", MissingNode.getInstance(), summary, List.of(run("a"), run("b"), run("c")));

        assertEquals("rule", study.compared());
        assertEquals(List.of("domains"), study.grouping(), "a constant column groups nothing");
        assertTrue(study.numericGrouping());
        assertEquals(List.of("domains = 5", "domains = 10"), study.groups());
        assertEquals(List.of("b", "a", "c"), study.rows().stream().map(row -> row.run().name()).toList());
    }

    @Test
    void withoutAStudySummaryEachRunIsARowOfItsSummaryNumbers() throws Exception {
        RecordedRun first = new RecordedRun("dpo", Path.of("/runs/dpo"), MissingNode.getInstance(), List.of(),
                JSON.valueToTree(Map.of("eval/rewards/accuracies", 0.8, "note", "text")), Map.of());

        Study study = Study.of("dpo, ipo", MissingNode.getInstance(), MissingNode.getInstance(), List.of(first, run("ipo")));

        assertEquals("run", study.compared());
        assertEquals(List.of("dpo", "ipo"), study.variants());
        assertEquals(List.of("eval/rewards/accuracies"), study.results());
        assertEquals(0.8, study.rows().get(0).number("eval/rewards/accuracies"));
        assertEquals(Direction.HIGHER, Direction.of("eval/rewards/accuracies"));
        assertEquals(Direction.LOWER, Direction.of("delta_logp_rejected"));
        assertEquals(Direction.NONE, Direction.of("mean_cosine"));
        assertEquals(Direction.HIGHER, Direction.of("prediction_correlation"));
        assertEquals(Direction.LOWER, Direction.of("prediction_median_relative_error"));
    }

    private static RecordedRun run(String name) {
        return new RecordedRun(name, Path.of("/runs", name), MissingNode.getInstance(), List.of(), MissingNode.getInstance(),
                Map.of());
    }
}
