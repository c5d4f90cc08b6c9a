package dev.gramian.examples.discopop;

import dev.gramian.api.GramianException;
import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairScores;
import dev.gramian.api.plugin.Options;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoPopLossTest {

    /** The loss as the paper writes it, in plain doubles: safe for the moderate margins used here. */
    private static double naive(double beta, double tau, double lw, double ll, double refW, double refL) {
        double x = beta * ((lw - refW) - (ll - refL));
        double s = 1 / (1 + Math.exp(-x / tau));
        double logistic = Math.log1p(Math.exp(-x));
        return (1 - s) * logistic + s * Math.exp(-x);
    }

    private static MarginLoss create(Map<String, String> options) {
        var provider = new DiscoPopLossProvider();
        return provider.create(Options.resolve(provider.info(), options));
    }

    @ParameterizedTest
    @CsvSource({
            "0.1, 0.05, -12.0, -15.0, -13.0, -14.0",
            "0.1, 0.05, -20.0, -10.0, -18.0, -11.0",
            "0.5, 0.2,  -3.0,  -3.5,  -3.2,  -3.1",
            "1.0, 0.9,  -40.0, -41.0, -40.5, -40.0",
    })
    void valueAndDerivativesMatchTheFormulaAndFiniteDifferences(double beta, double tau, double lw, double ll,
                                                                 double refW, double refL) {
        MarginLoss loss = create(Map.of("beta", Double.toString(beta), "tau", Double.toString(tau)));
        LossEvaluation got = loss.evaluate(new PairScores(lw, ll, refW, refL, 5, 7));

        double h = 1e-5;
        double dChosen = (naive(beta, tau, lw + h, ll, refW, refL) - naive(beta, tau, lw - h, ll, refW, refL)) / (2 * h);
        double dRejected = (naive(beta, tau, lw, ll + h, refW, refL) - naive(beta, tau, lw, ll - h, refW, refL)) / (2 * h);
        assertEquals(naive(beta, tau, lw, ll, refW, refL), got.loss(), 1e-12 * Math.max(1, Math.abs(got.loss())));
        assertEquals(dChosen, got.dLogpChosen(), 1e-7 * Math.max(1, Math.abs(dChosen)));
        assertEquals(dRejected, got.dLogpRejected(), 1e-7 * Math.max(1, Math.abs(dRejected)));
    }

    @Test
    void staysFiniteAtExtremeMargins() {
        MarginLoss loss = create(Map.of());
        // margin h = -1e4, x = -1000: the logistic branch, loss = softplus(1000) = 1000, dloss/dlw = -beta.
        LossEvaluation negative = loss.evaluate(new PairScores(-10001, -1, 0, 0, 3, 3));
        assertEquals(1000.0, negative.loss(), 1e-9);
        assertEquals(-0.1, negative.dLogpChosen(), 1e-12);
        assertEquals(0.1, negative.dLogpRejected(), 1e-12);
        // margin h = +1e4, x = 1000: both branches vanish.
        LossEvaluation positive = loss.evaluate(new PairScores(-1, -10001, 0, 0, 3, 3));
        assertTrue(Double.isFinite(positive.dLogpChosen()) && Double.isFinite(positive.dLogpRejected()));
        assertEquals(0.0, positive.loss(), 1e-300);
    }

    @Test
    void rejectsATauOutsideTheOpenUnitInterval() {
        var info = new DiscoPopLossProvider().info();
        var error = assertThrows(GramianException.class, () -> Options.resolve(info, Map.of("tau", "1")));
        assertTrue(error.getMessage().contains("real in (0, 1)"), error.getMessage());
        assertThrows(GramianException.class, () -> Options.resolve(info, Map.of("beta", "0")));
    }
}
