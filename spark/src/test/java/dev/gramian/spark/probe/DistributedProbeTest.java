package dev.gramian.spark.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.spark.InProcessSparkGramian;
import dev.gramian.spark.InProcessSparkGramian.Execution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static dev.gramian.spark.InProcessSparkGramian.json;
import static dev.gramian.spark.InProcessSparkGramian.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** probe --master local[2] equals gramian probe on one machine, row for row, in the same order. */
@Tag("native")
@Tag("spark")
class DistributedProbeTest {
    private static final List<String> DATA = List.of("--dataset", "1t", "-D", "size=60", "--max-length", "64");

    @TempDir
    static Path temp;
    private static Path checkpoint;

    @BeforeAll
    static void sft() {
        checkpoint = InProcessSparkGramian.tinySft(temp.resolve("sft"), DATA);
    }

    private static List<String> probe(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("probe", "--checkpoint", checkpoint.toString(), "--batch-size", "4"));
        args.addAll(DATA);
        args.addAll(List.of(extra));
        args.addAll(List.of("--out", out.toString()));
        return args;
    }

    @Test
    void theDistributedAuditEqualsTheSingleMachineOneRowForRow() {
        for (String objective : List.of("dpo", "aot")) { // dpo reads the reference; aot weighs pairs over the batch
            Path alone = temp.resolve(objective + "-alone");
            Execution single = InProcessSparkGramian.core(probe(alone, "--objective", objective, "--threads", "1"));
            assertEquals(0, single.status(), single::toString);
            Path spread = temp.resolve(objective + "-spark");
            Execution spark = InProcessSparkGramian.run(probe(spread, "--objective", objective, "--master", "local[2]",
                    "--partitions", "3"));
            assertEquals(0, spark.status(), spark::toString);
            assertTrue(spark.out().startsWith(single.out().lines().findFirst().orElseThrow()), spark::toString);
            assertTrue(spark.out().contains("on local[2]: 60 pairs measured in "), spark::toString);
            assertTrue(spark.out().contains(" by 3 tasks ("), "60 pairs, batches of 8, at most 3 tasks: " + spark.out());

            List<JsonNode> expected = lines(alone.resolve("pairs.jsonl"));
            List<JsonNode> actual = lines(spread.resolve("pairs.jsonl"));
            assertEquals(60, expected.size());
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSameRow(expected.get(i), actual.get(i), objective + " pair " + i);
            }
            assertSameRow(json(alone.resolve("summary.json")), json(spread.resolve("summary.json")), "summary");
            assertEquals("1", json(spread.resolve("config.json")).at("/backend/options/intra_op_threads").asText());
        }
    }

    private static void assertSameRow(JsonNode expected, JsonNode actual, String where) {
        assertEquals(iterable(expected.fieldNames()), iterable(actual.fieldNames()), where);
        expected.fields().forEachRemaining((Map.Entry<String, JsonNode> field) -> {
            JsonNode want = field.getValue();
            JsonNode got = actual.get(field.getKey());
            if (want.isNumber()) {
                assertEquals(want.asDouble(), got.asDouble(), 1e-6 * Math.max(1, Math.abs(want.asDouble())),
                        where + " " + field.getKey());
            } else {
                assertEquals(want, got, where + " " + field.getKey());
            }
        });
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
