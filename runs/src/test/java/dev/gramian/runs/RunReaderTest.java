package dev.gramian.runs;

import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunReaderTest {
    @TempDir
    Path run;

    private final RunReader reader = new RunReader();

    @Test
    void readsMetricsPhasesNullsAndTablesAndSkipsBlankLines() throws IOException {
        Files.writeString(run.resolve("metrics.jsonl"), """
                {"step": 0, "phase": "sft", "loss": 2.5, "note": "text is ignored"}

                {"step": 10, "phase": "align", "loss": null, "eval/rewards/accuracies": 0.75}
                {"step": 20, "loss": 0.5}
                """);
        Files.writeString(run.resolve("entanglement-pairs.jsonl"), "{\"pair\": 1, \"cosine\": 0.25}\n");

        RecordedRun read = reader.read(run);

        assertEquals(run.getFileName().toString(), read.name());
        assertEquals(3, read.metrics().size());
        assertEquals(List.of("sft", "align", ""), List.copyOf(read.phases()));
        assertEquals(2.5, read.metrics().get(0).value("loss"));
        assertEquals(List.of("loss"), List.copyOf(read.metrics().get(0).values().keySet()), "strings are not metrics");
        assertTrue(Double.isNaN(read.metrics().get(1).value("loss")), "null is kept as NaN");
        assertEquals(0.75, read.metrics().get(1).value("eval/rewards/accuracies"));
        assertEquals(20, read.metrics().get(2).step());
        JsonLine pair = read.table("entanglement-pairs").get(0);
        assertEquals(0.25, pair.number("cosine"));
        assertEquals(1, pair.line());
        assertTrue(read.config().isMissingNode() && read.summary().isMissingNode(), "optional files may be absent");
        assertTrue(read.table("token-entanglement").isEmpty());
    }

    @Test
    void runsInsideADemoDirectoryAreTheSubdirectoriesThatAreRunsSortedByName() throws IOException {
        Files.writeString(run.resolve("summary.json"), "[]");
        for (String name : List.of("b-dpo", "a-sft", "checkpoints")) {
            Files.createDirectories(run.resolve(name));
        }
        Files.writeString(run.resolve("b-dpo/metrics.jsonl"), "{\"step\": 0}\n");
        Files.writeString(run.resolve("a-sft/summary.json"), "{}");
        Files.writeString(run.resolve("checkpoints/latest.ckpt"), "x");

        assertEquals(List.of(run.resolve("a-sft"), run.resolve("b-dpo")), RunReader.runsInside(run));
        assertTrue(RunReader.isRun(run) && !RunReader.isRun(run.resolve("checkpoints")));
        assertTrue(RunReader.runsInside(run.resolve("checkpoints")).isEmpty());
    }

    @Test
    void rowWithoutAStepNamesItsLine() throws IOException {
        Files.writeString(run.resolve("metrics.jsonl"), "{\"step\": 0, \"loss\": 1}\n{\"loss\": 1}\n");

        GramianException error = assertThrows(GramianException.class, () -> reader.read(run));

        assertEquals(run.resolve("metrics.jsonl") + ":2: a metrics row needs an integer \"step\"", error.getMessage());
    }

    @Test
    void trailingGarbageOnALineIsMalformed() throws IOException {
        Files.writeString(run.resolve("metrics.jsonl"), "{\"step\": 0} {\"step\": 1}\n");

        GramianException error = assertThrows(GramianException.class, () -> reader.read(run));

        assertTrue(error.getMessage().startsWith(run.resolve("metrics.jsonl") + ":1: malformed JSON"), error.getMessage());
    }

    @Test
    void malformedConfigNamesFileAndLine() throws IOException {
        Files.writeString(run.resolve("summary.json"), "{\"rule\": \"fish\"}");
        Files.writeString(run.resolve("config.json"), "{\n  \"command\": \"dg\",\n  \"seed\": ,\n}\n");

        GramianException error = assertThrows(GramianException.class, () -> reader.read(run));

        assertTrue(error.getMessage().startsWith(run.resolve("config.json") + ":3: malformed JSON"), error.getMessage());
        assertEquals(GramianException.Category.INPUT, error.category());
    }

    @Test
    void fileInsteadOfDirectoryIsRejected() throws IOException {
        Path file = Files.writeString(run.resolve("metrics.jsonl"), "");

        GramianException error = assertThrows(GramianException.class, () -> reader.read(file));

        assertEquals(file + ": not a directory", error.getMessage());
    }
}
