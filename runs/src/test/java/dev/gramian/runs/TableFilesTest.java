package dev.gramian.runs;

import dev.gramian.api.GramianException;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        try (TableFiles tables = TableFiles.fresh(dir)) {
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
        try (TableFiles resumed = TableFiles.resumed(dir, 0)) {
            resumed.row("t", Map.of("step", 1L));
        }
        assertEquals(2, Files.readAllLines(file).size());
        try (TableFiles fresh = TableFiles.fresh(dir)) {
            fresh.row("t", Map.of("step", 2L));
            fresh.row("t", Map.of("step", 3L));
        }
        assertEquals(List.of("{\"step\":2}", "{\"step\":3}"), Files.readAllLines(file));
    }

    private static Map<String, Object> pair(long step, long pair) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("pair", pair);
        return row;
    }

    @Test
    void aResumedRunDropsEachTablesRowsAfterItsStepBeforeAppending(@TempDir Path dir) throws IOException {
        Path pairs = dir.resolve("entanglement-pairs.jsonl");
        Files.writeString(pairs, "{\"step\":2,\"pair\":0}\n{\"step\":2,\"pair\":1}\n{\"step\":4,\"pair\":0}\n"
                + "{\"step\":4,\"pair\":1}\n{\"step\":6,\"pair\":0}\n");
        Path tokens = dir.resolve("token-entanglement.jsonl");
        Files.writeString(tokens, "{\"step\":3}\n{\"step\":6}\n");
        Path metrics = dir.resolve("metrics.jsonl");
        Files.writeString(metrics, "{\"step\":6,\"phase\":\"align\"}\n");
        try (TableFiles resumed = TableFiles.resumed(dir, 2)) {
            resumed.row("entanglement-pairs", pair(4, 0));
            resumed.row("token-entanglement", Map.of("step", 3L));
            resumed.row("entanglement-pairs", pair(4, 1));
        }
        assertEquals(List.of("{\"step\":2,\"pair\":0}", "{\"step\":2,\"pair\":1}", "{\"step\":4,\"pair\":0}",
                "{\"step\":4,\"pair\":1}"), Files.readAllLines(pairs));
        assertEquals(List.of("{\"step\":3}"), Files.readAllLines(tokens));
        assertEquals(List.of("{\"step\":6,\"phase\":\"align\"}"), Files.readAllLines(metrics),
                "metrics.jsonl is openMetrics' business");
    }

    @Test
    void aMalformedRowOfAResumedTableIsAnInputErrorNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.jsonl");
        String before = "{\"step\":1}\n{\"step\":2,\n";
        Files.writeString(file, before);
        try (TableFiles resumed = TableFiles.resumed(dir, 1)) {
            GramianException error = assertThrows(GramianException.class, () -> resumed.row("t", Map.of("step", 2L)));
            assertEquals(GramianException.Category.INPUT, error.category());
            assertTrue(error.getMessage().startsWith(file + ":2: malformed JSON"), error::getMessage);
        }
        assertEquals(before, Files.readString(file), "nothing changes");
    }

    @Test
    void scalarsAreNotATablesBusiness(@TempDir Path dir) {
        try (TableFiles tables = TableFiles.fresh(dir)) {
            assertThrows(UnsupportedOperationException.class, () -> tables.scalar("entanglement/cosine_mean", 0.5));
        }
    }

    @Test
    void aCsvTableHasAHeaderAndEmptyCellsForNonFiniteNumbers(@TempDir Path dir) throws IOException {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("pair", 0);
        first.put("cosine", 0.5);
        first.put("case", "ideal");
        Map<String, Object> second = new LinkedHashMap<>(first);
        second.put("pair", 1);
        second.put("cosine", Double.NaN);
        TableFiles.writeCsv(dir, "pairs", List.of("pair", "case", "cosine"), List.of(first, second));
        assertEquals(List.of("pair,case,cosine", "0,ideal,0.5", "1,ideal,"), Files.readAllLines(dir.resolve("pairs.csv")));
    }
}
