package dev.gramian.objectives.margin.loss;

import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.plugin.PluginKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Margins of ±1e4, with and without reference offsets, and log-probabilities of exactly 0 (a response
 * the model is certain of, as float32 log-softmax produces) give finite losses and derivatives.
 */
class StabilityTest {
    private static final double FAR = -1e4;
    private static final double NEAR = -1e-3;

    /** (lw, ll, ref_lw, ref_ll): both margin signs, in the policy, in the reference, and opposed. */
    private static final List<double[]> EXTREMES = List.of(
            new double[] {FAR, NEAR, NEAR, NEAR},
            new double[] {NEAR, FAR, NEAR, NEAR},
            new double[] {FAR, NEAR, FAR, NEAR},
            new double[] {NEAR, NEAR, FAR, NEAR},
            new double[] {NEAR, NEAR, NEAR, FAR},
            new double[] {FAR, NEAR, NEAR, FAR},
            new double[] {NEAR, FAR, FAR, NEAR},
            new double[] {FAR, FAR, NEAR, NEAR},
            new double[] {NEAR, NEAR, FAR, FAR},
            new double[] {0, 0, 0, 0},
            new double[] {0, FAR, NEAR, 0},
            new double[] {FAR, 0, 0, FAR});

    static Stream<Arguments> cases() {
        return Stream.concat(lossCases(), EXTREMES.stream().map(e -> Arguments.of("dpo:0.8,bco:0.2,sft:1.0",
                Map.of("beta", "10", "bco.divergence", "forward_kl"), new PairScores(e[0], e[1], e[2], e[3], 7, 3))));
    }

    private static Stream<Arguments> lossCases() {
        List<Map<String, String>> sharp = List.of(Map.of(), Map.of("beta", "10"));
        List<Map<String, String>> divergences = List.of(Map.of(), Map.of("beta", "10"),
                Map.of("divergence", "forward_kl"), Map.of("beta", "10", "divergence", "forward_kl"),
                Map.of("divergence", "js"), Map.of("divergence", "alpha"),
                Map.of("beta", "10", "divergence", "alpha", "divergence_alpha", "-3"),
                Map.of("divergence", "alpha", "divergence_alpha", "4"));
        return BuiltInLosses.IDS.stream().flatMap(id -> {
            var info = BuiltInLosses.CATALOG.find(PluginKind.OBJECTIVE, id).info();
            boolean hasBeta = info.option("beta").isPresent();
            boolean hasDivergence = info.option("divergence").isPresent();
            return (hasDivergence ? divergences : hasBeta ? sharp : List.of(Map.<String, String>of())).stream()
                    .flatMap(options -> EXTREMES.stream().flatMap(e -> Stream.of(
                            Arguments.of(id, options, new PairScores(e[0], e[1], e[2], e[3], 1, 1)),
                            Arguments.of(id, options, new PairScores(e[0], e[1], e[2], e[3], 1, 100)),
                            Arguments.of(id, options, new PairScores(e[0], e[1], e[2], e[3], 100, 1)))));
        });
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void finiteAtExtremeMargins(String id, Map<String, String> options, PairScores scores) {
        MarginLoss loss = BuiltInLosses.create(id, options);
        LossEvaluation result = loss.evaluate(scores);
        assertTrue(Double.isFinite(result.loss()) && Double.isFinite(result.dLogpChosen())
                && Double.isFinite(result.dLogpRejected()), id + options + " at " + scores + ": " + result);
    }
}
