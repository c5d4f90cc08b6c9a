package dev.gramian.cli.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TableFilesTest {

    private static Map<String, Object> row(long step, double cosine) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("case", "both_fall");
        row.put("cosine", cosine);
        row.put("matrix", List.of(List.of(1.0, Double.NaN), Arrays.asList(-0.5, null)));
        row.put("tokens", List.of("a", "\""));
        return row;
    }

    @Test
    void writesOneJsonLinePerRowWithNonFiniteNumbersAsNull(@TempDir Path dir) throws IOException {
        try (TableFiles tables = new TableFiles(dir, false)) {
            tables.row("entanglement-pairs", row(3, 0.25));
            tables.row("entanglement-pairs", row(4, Double.NaN));
        }
        assertEquals(List.of(
                "{\"step\":3,\"case\":\"both_fall\",\"cosine\":0.25,\"matrix\":[[1.0,null],[-0.5,null]],\"tokens\":[\"a\",\"\\\"\"]}",
                "{\"step\":4,\"case\":\"both_fall\",\"cosine\":null,\"matrix\":[[1.0,null],[-0.5,null]],\"tokens\":[\"a\",\"\\\"\"]}"),
                Files.readAllLines(dir.resolve("entanglement-pairs.jsonl")));
    }

    @Test
    void aFreshRunReplacesATableAResumedRunAppends(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, "{\"old\":1}\n");
        try (TableFiles resumed = new TableFiles(dir, true)) {
            resumed.row("t", Map.of("step", 1L));
        }
        assertEquals(2, Files.readAllLines(file).size());
        try (TableFiles fresh = new TableFiles(dir, false)) {
            fresh.row("t", Map.of("step", 2L));
            fresh.row("t", Map.of("step", 3L));
        }
        assertEquals(List.of("{\"step\":2}", "{\"step\":3}"), Files.readAllLines(file));
    }

    @Test
    void scalarsAreNotATablesBusiness(@TempDir Path dir) {
        try (TableFiles tables = new TableFiles(dir, false)) {
            assertThrows(UnsupportedOperationException.class, () -> tables.scalar("entanglement/cosine_mean", 0.5));
        }
    }
}
