package dev.gramian.examples.slic;

import dev.gramian.api.GramianException;
import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.plugin.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlicHfLossTest {

    /** The loss as the paper writes it, in plain doubles. */
    private static double naive(double delta, double lambda, double lw, double ll) {
        return Math.max(0, delta - lw + ll) - lambda * lw;
    }

    private static MarginLoss create(Map<String, String> options) {
        var provider = new SlicHfLossProvider();
        return provider.create(Options.resolve(provider.info(), options));
    }

    @ParameterizedTest
    @CsvSource({
            "1.0, 0.1, -12.0, -15.0",
            "1.0, 0.1, -20.0, -10.0",
            "0.5, 0.0, -3.0,  -3.25",
            "4.0, 2.0, -40.0, -41.0",
            "0.0, 0.5, -7.5,  -2.0",
    })
    void valueAndDerivativesMatchTheFormulaAndFiniteDifferences(double delta, double lambda, double lw, double ll) {
        MarginLoss loss = create(Map.of("delta", Double.toString(delta), "lambda", Double.toString(lambda)));
        // the reference log-probabilities are ignored: any values give the same result
        LossEvaluation got = loss.evaluate(new PairScores(lw, ll, -1, -2, 5, 7));

        double h = 1e-6;
        double dChosen = (naive(delta, lambda, lw + h, ll) - naive(delta, lambda, lw - h, ll)) / (2 * h);
        double dRejected = (naive(delta, lambda, lw, ll + h) - naive(delta, lambda, lw, ll - h)) / (2 * h);
        assertEquals(naive(delta, lambda, lw, ll), got.loss(), 1e-12 * Math.max(1, Math.abs(got.loss())));
        assertEquals(dChosen, got.dLogpChosen(), 1e-7 * Math.max(1, Math.abs(dChosen)));
        assertEquals(dRejected, got.dLogpRejected(), 1e-7 * Math.max(1, Math.abs(dRejected)));
        assertEquals(got, loss.evaluate(new PairScores(lw, ll, -30, 0, 5, 7)));
    }

    @Test
    void staysFiniteAtExtremeMargins() {
        MarginLoss loss = create(Map.of());
        // margin lw − ll = −1e4: the hinge is active, loss = 1 + 1e4 + 0.1·10001, d/dlw = −1.1, d/dll = 1.
        LossEvaluation negative = loss.evaluate(new PairScores(-10001, -1, 0, 0, 3, 3));
        assertEquals(1 + 10000 + 1000.1, negative.loss(), 1e-9);
        assertEquals(-1.1, negative.dLogpChosen(), 1e-12);
        assertEquals(1.0, negative.dLogpRejected(), 0.0);
        // margin +1e4: only the regulariser is left.
        LossEvaluation positive = loss.evaluate(new PairScores(-1, -10001, 0, 0, 3, 3));
        assertEquals(0.1, positive.loss(), 1e-15);
        assertEquals(-0.1, positive.dLogpChosen(), 1e-15);
        assertEquals(0.0, positive.dLogpRejected(), 0.0);
    }

    @Test
    void rejectsNegativeOptions() {
        var info = new SlicHfLossProvider().info();
        var error = assertThrows(GramianException.class, () -> Options.resolve(info, Map.of("delta", "-1")));
        assertTrue(error.getMessage().contains("real in [0, inf)"), error.getMessage());
        assertThrows(GramianException.class, () -> Options.resolve(info, Map.of("lambda", "-0.1")));
        assertThrows(IllegalArgumentException.class, () -> new SlicHfLoss(Double.NaN, 0.1));
    }
}
