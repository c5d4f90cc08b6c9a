package dev.gramian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gramian objective eval} against the margin-loss golden file of objectives-margin (values
 * and derivatives computed independently of Gramian), one test per objective and option set, and
 * per batch for the batch-level objectives (the input file is the batch), to
 * 1e-7 relative or 1e-15 absolute.
 */
class MarginLossGoldenTest {
    private static final Path GOLDEN = Path.of("objectives-margin/src/test/resources/golden/margin-losses.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double RELATIVE = 1e-7;
    /** As objectives-margin's GoldenValuesTest: what doubles resolve where terms cancel. */
    private static final double ABSOLUTE = 1e-15;

    @TestFactory
    Stream<DynamicTest> objectiveEvalMatchesTheGoldenFile() throws IOException {
        Path golden = InProcessGramian.projectRoot().resolve(GOLDEN);
        assertTrue(Files.isRegularFile(golden), "golden file missing: " + golden);
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (String line : Files.readAllLines(golden)) {
            if (!line.isBlank()) {
                JsonNode row = JSON.readTree(line);
                String batch = row.has("batch") ? " batch " + row.get("batch").asText() : "";
                groups.computeIfAbsent(row.get("objective").asText() + " " + row.get("options") + batch,
                        k -> new ArrayList<>()).add(row);
            }
        }
        assertTrue(groups.size() >= 100, "expected every loss in " + golden + ", found " + groups.keySet());
        return groups.entrySet().stream().map(group -> DynamicTest.dynamicTest(group.getKey(),
                () -> check(group.getValue())));
    }

    private static void check(List<JsonNode> rows) throws IOException {
        List<String> args = new ArrayList<>(List.of("objective", "eval", "--objective",
                rows.get(0).get("objective").asText(), "--input", "-"));
        rows.get(0).get("options").fields().forEachRemaining(option -> {
            args.add("-O");
            args.add(option.getKey() + "=" + option.getValue().asText());
        });
        StringBuilder input = new StringBuilder();
        for (JsonNode row : rows) {
            input.append(row).append('\n');
        }
        Execution eval = InProcessGramian.run(input.toString(), Map.of(), args.toArray(String[]::new));
        assertEquals(0, eval.status(), eval::toString);
        List<String> outputs = eval.out().lines().toList();
        assertEquals(rows.size(), outputs.size(), eval::toString);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode got = JSON.readTree(outputs.get(i));
            for (String field : List.of("loss", "d_logp_chosen", "d_logp_rejected")) {
                double expected = rows.get(i).get(field).asDouble();
                double actual = got.get(field).asDouble();
                assertEquals(expected, actual, RELATIVE * Math.abs(expected) + ABSOLUTE,
                        field + " of golden row " + (i + 1) + " " + rows.get(i));
            }
        }
    }
}
