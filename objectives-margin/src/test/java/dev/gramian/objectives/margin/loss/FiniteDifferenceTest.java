package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.DoubleAlgebra;
import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.objective.PairTerms;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dual-number derivatives of {@code MarginLoss.evaluate} against central differences on doubles. */
class FiniteDifferenceTest {
    private static final int PAIRS = 200;

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("dpo", Map.of()), Arguments.of("dpo", Map.of("beta", "0.7", "label_smoothing", "0.3")),
                Arguments.of("ipo", Map.of()), Arguments.of("ipo", Map.of("beta", "2")),
                Arguments.of("hinge", Map.of()), Arguments.of("hinge", Map.of("beta", "0.05")),
                Arguments.of("robust", Map.of()), Arguments.of("robust", Map.of("label_smoothing", "0.45")),
                Arguments.of("rdpo", Map.of()), Arguments.of("rdpo", Map.of("alpha", "1.5")),
                Arguments.of("dpop", Map.of()), Arguments.of("dpop", Map.of("lambda", "0.5")),
                Arguments.of("nca", Map.of()), Arguments.of("bco", Map.of()),
                Arguments.of("apo-zero", Map.of()), Arguments.of("apo-zero", Map.of("beta", "1")),
                Arguments.of("sppo-hard", Map.of()), Arguments.of("simpo", Map.of()),
                Arguments.of("simpo", Map.of("beta", "0.5", "gamma", "2")),
                Arguments.of("cpo", Map.of()), Arguments.of("cpo", Map.of("beta", "3", "alpha", "0.2")),
                Arguments.of("orpo", Map.of()), Arguments.of("orpo", Map.of("lambda", "3")),
                Arguments.of("rrhf", Map.of()), Arguments.of("rrhf", Map.of("alpha", "0")),
                Arguments.of("sft", Map.of()),
                Arguments.of("exo", Map.of()), Arguments.of("exo", Map.of("beta", "0.8", "label_smoothing", "0.3")),
                Arguments.of("apo-down", Map.of()), Arguments.of("apo-down", Map.of("beta", "1")),
                Arguments.of("dpo-norm", Map.of()), Arguments.of("dpo-norm", Map.of("beta", "3")),
                Arguments.of("discopop", Map.of()), Arguments.of("discopop", Map.of("beta", "0.5", "tau", "0.7")),
                Arguments.of("dpo", Map.of("divergence", "forward_kl")), Arguments.of("dpo", Map.of("divergence", "js")),
                Arguments.of("dpo", Map.of("divergence", "alpha", "divergence_alpha", "0.3")),
                Arguments.of("dpo", Map.of("divergence", "alpha", "divergence_alpha", "-2")),
                Arguments.of("ipo", Map.of("divergence", "js")), Arguments.of("hinge", Map.of("divergence", "alpha")),
                Arguments.of("robust", Map.of("divergence", "forward_kl")),
                Arguments.of("rdpo", Map.of("divergence", "js")), Arguments.of("dpop", Map.of("divergence", "alpha")),
                Arguments.of("nca", Map.of("divergence", "forward_kl")), Arguments.of("bco", Map.of("divergence", "js")),
                Arguments.of("sppo-hard", Map.of("divergence", "alpha", "divergence_alpha", "1.5")),
                Arguments.of("exo", Map.of("divergence", "js")), Arguments.of("apo-down", Map.of("divergence", "alpha")),
                Arguments.of("dpo-norm", Map.of("divergence", "forward_kl")),
                Arguments.of("discopop", Map.of("divergence", "js")),
                Arguments.of("dpo:0.8,bco:0.2,sft:1.0", Map.of("dpo.divergence", "alpha", "beta", "0.4")),
                Arguments.of("simpo:0.5,orpo:2,hinge", Map.of()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("losses")
    void derivativesMatchCentralDifferences(String id, Map<String, String> options) {
        MarginLoss loss = BuiltInLosses.create(id, options);
        SplittableRandom random = new SplittableRandom(id.hashCode() ^ options.hashCode());
        int checked = 0;
        for (int i = 0; i < PAIRS; i++) {
            double lenChosen = 1 + random.nextInt(60);
            double lenRejected = 1 + random.nextInt(60);
            double lw = -lenChosen * random.nextDouble(0.05, 4);
            double ll = -lenRejected * random.nextDouble(0.05, 4);
            double refLw = lw + random.nextDouble(-8, 8);
            double refLl = ll + random.nextDouble(-8, 8);
            if (refLw > 0 || refLl > 0) {
                continue;
            }
            LossEvaluation exact = loss.evaluate(new PairScores(lw, ll, refLw, refLl, lenChosen, lenRejected));
            DoubleUnaryOperator inChosen = x -> value(loss, x, ll, refLw, refLl, lenChosen, lenRejected);
            DoubleUnaryOperator inRejected = x -> value(loss, lw, x, refLw, refLl, lenChosen, lenRejected);
            Double dChosen = centralDifference(inChosen, lw);
            Double dRejected = centralDifference(inRejected, ll);
            if (dChosen == null || dRejected == null) {
                continue; // a kink of max(0, .) lies within the step
            }
            String where = id + options + " at lw=" + lw + " ll=" + ll + " ref=" + refLw + "," + refLl
                    + " len=" + lenChosen + "," + lenRejected;
            // plus the rounding error of a difference of two losses of this size over the step
            double noise = 1e-14 * Math.max(1, Math.abs(exact.loss()));
            assertEquals(dChosen, exact.dLogpChosen(), 1e-6 * Math.max(1, Math.abs(dChosen)) + noise / step(lw), where);
            assertEquals(dRejected, exact.dLogpRejected(), 1e-6 * Math.max(1, Math.abs(dRejected)) + noise / step(ll),
                    where);
            checked++;
        }
        assertTrue(checked > PAIRS * 3 / 4, "only " + checked + " pairs checked");
    }

    private static double value(MarginLoss loss, double lw, double ll, double refLw, double refLl,
                                double lenChosen, double lenRejected) {
        return loss.loss(DoubleAlgebra.INSTANCE, new PairTerms<>(lw, ll, refLw, refLl, lenChosen, lenRejected));
    }

    private static double step(double x) {
        return 1e-6 * Math.max(1, Math.abs(x));
    }

    /** The central difference at {@code x}, or null where the one-sided differences disagree (a kink). */
    private static Double centralDifference(DoubleUnaryOperator f, double x) {
        double h = step(x);
        double center = f.applyAsDouble(x);
        double forward = (f.applyAsDouble(x + h) - center) / h;
        double backward = (center - f.applyAsDouble(x - h)) / h;
        if (Math.abs(forward - backward) > 1e-3 * Math.max(1, Math.abs(forward))) {
            return null;
        }
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }
}
