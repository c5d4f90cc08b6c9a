package dev.gramian.objectives.margin.loss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.algebra.DoubleAlgebra;
import dev.gramian.api.objective.BatchEvaluation;
import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.objective.PairTerms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every loss against the golden file written by {@code src/test/python/margin_losses_golden.py}
 * (320-digit decimal arithmetic straight from the formula table and TRL's formulas, derivatives by
 * central differences), to 1e-7 relative or 1e-15 absolute.
 */
class GoldenValuesTest {
    private static final String GOLDEN = "/golden/margin-losses.jsonl";
    private static final double RELATIVE = 1e-7;
    /**
     * Where terms of order 1e-3 cancel (apo-down's two sigmoids when the JS scores equal the log-ratios),
     * a double resolves only about 1e-19 of the result: below this, agreement is all doubles can give.
     */
    static final double ABSOLUTE = 1e-15;

    static List<JsonNode> rows() {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = GoldenValuesTest.class.getResourceAsStream(GOLDEN)) {
            assertNotNull(in, GOLDEN + " missing; run src/test/python/margin_losses_golden.py");
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines().filter(line -> !line.isBlank()).map(line -> {
                try {
                    return json.readTree(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> goldenRows() {
        List<JsonNode> rows = rows();
        return IntStream.range(0, rows.size()).filter(i -> !rows.get(i).has("batch"))
                .mapToObj(i -> Arguments.of(i + 1, rows.get(i).get("objective").asText(), rows.get(i)));
    }

    /** The rows of batch objectives, one list per objective, options and batch. */
    static Stream<Arguments> goldenBatches() {
        Map<String, List<JsonNode>> batches = new LinkedHashMap<>();
        for (JsonNode row : rows()) {
            if (row.has("batch")) {
                batches.computeIfAbsent(row.get("objective").asText() + " " + row.get("options") + " "
                        + row.get("batch").asText(), k -> new ArrayList<>()).add(row);
            }
        }
        return batches.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenBatches")
    void batchMatchesGoldenValuesAndDerivatives(String where, List<JsonNode> rows) {
        Objective objective = BuiltInLosses.objective(rows.get(0).get("objective").asText(), options(rows.get(0)));
        BatchEvaluation result = objective.evaluate(rows.stream().map(GoldenValuesTest::scores).toList());
        double meanLoss = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            LossEvaluation pair = result.pairs().get(i);
            assertClose(row.get("loss").asDouble(), pair.loss(), where + " pair " + i + " loss");
            assertClose(row.get("d_logp_chosen").asDouble(), pair.dLogpChosen(), where + " pair " + i + " d_logp_chosen");
            assertClose(row.get("d_logp_rejected").asDouble(), pair.dLogpRejected(),
                    where + " pair " + i + " d_logp_rejected");
            meanLoss += row.get("loss").asDouble() / rows.size();
        }
        assertClose(meanLoss, result.loss(), where + " batch loss");
    }

    @ParameterizedTest(name = "line {0}: {1}")
    @MethodSource("goldenRows")
    void matchesGoldenValueAndDerivatives(int line, String objective, JsonNode row) {
        MarginLoss loss = BuiltInLosses.create(objective, options(row));
        PairScores scores = scores(row);
        LossEvaluation result = loss.evaluate(scores);
        String where = "line " + line + " " + objective + " " + row.get("options");
        assertClose(row.get("loss").asDouble(), result.loss(), where + " loss");
        assertClose(row.get("d_logp_chosen").asDouble(), result.dLogpChosen(), where + " d_logp_chosen");
        assertClose(row.get("d_logp_rejected").asDouble(), result.dLogpRejected(), where + " d_logp_rejected");

        double onDoubles = loss.loss(DoubleAlgebra.INSTANCE, new PairTerms<>(scores.logpChosen(),
                scores.logpRejected(), scores.refLogpChosen(), scores.refLogpRejected(), scores.lenChosen(),
                scores.lenRejected()));
        assertEquals(result.loss(), onDoubles, 0.0, where + ": doubles and duals disagree");
    }

    @Test
    void coversEveryLossWithDefaultsAndOtherOptions() {
        Set<String> withDefaults = new TreeSet<>();
        Set<String> withOtherOptions = new TreeSet<>();
        for (JsonNode row : rows()) {
            String id = row.get("objective").asText();
            if (!id.contains(":")) {
                (row.get("options").isEmpty() ? withDefaults : withOtherOptions).add(id);
            }
        }
        Set<String> all = new TreeSet<>(BuiltInLosses.IDS);
        all.addAll(BuiltInLosses.BATCH_IDS);
        assertEquals(all, withDefaults);
        assertEquals(all, withOtherOptions, "sft: averaging=token");
    }

    @Test
    void coversWeightedSumsWithRoutedOptions() {
        Set<String> sums = new TreeSet<>();
        boolean prefixed = false;
        for (JsonNode row : rows()) {
            if (row.get("objective").asText().contains(":") && !row.has("batch")) {
                sums.add(row.get("objective").asText());
                prefixed |= row.get("options").toString().contains(".beta");
            }
        }
        assertTrue(sums.contains("dpo:0.8,bco:0.2,sft:1.0") && sums.size() >= 3 && prefixed, sums::toString);
    }

    @Test
    void coversEveryDivergenceOfEveryLossThatTakesOne() {
        Set<String> covered = new TreeSet<>();
        for (JsonNode row : rows()) {
            JsonNode divergence = row.get("options").get("divergence");
            if (divergence != null && !row.get("objective").asText().contains(":")) {
                covered.add(row.get("objective").asText() + " " + divergence.asText());
            }
        }
        Set<String> expected = new TreeSet<>();
        for (String id : MarginLossProvidersTest.DIVERGENCE_IDS) {
            for (String divergence : List.of("forward_kl", "js", "alpha")) {
                expected.add(id + " " + divergence);
            }
        }
        assertEquals(expected, covered);
    }

    private static PairScores scores(JsonNode row) {
        return new PairScores(row.get("logp_chosen").asDouble(), row.get("logp_rejected").asDouble(),
                row.get("ref_logp_chosen").asDouble(), row.get("ref_logp_rejected").asDouble(),
                row.get("len_chosen").asDouble(), row.get("len_rejected").asDouble());
    }

    private static Map<String, String> options(JsonNode row) {
        Map<String, String> options = new LinkedHashMap<>();
        row.get("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
        return options;
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= RELATIVE * Math.abs(expected) + ABSOLUTE,
                what + ": expected " + expected + ", got " + actual);
    }
}
