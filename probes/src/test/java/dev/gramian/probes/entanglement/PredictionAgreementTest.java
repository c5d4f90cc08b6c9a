package dev.gramian.probes.entanglement;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PredictionAgreementTest {

    @Test
    void medianRelativeErrorAndCorrelationByHand() {
        // relative errors 0.1, 0.5, 0.25, 1.0 (and a zero realised change, left out): median 0.375
        PredictionAgreement a = PredictionAgreement.of(new double[] {1.1, -3, 5, 0, 7},
                new double[] {1, -2, 4, 1, 0});
        assertEquals(4, a.observations());
        assertEquals(0.375, a.medianRelativeError(), 1e-12);
        // Pearson of (1.1, -3, 5, 0) with (1, -2, 4, 1), by hand: means 0.775 and 1, so 24 / sqrt(32.8075 * 18)
        assertEquals(24 / Math.sqrt(32.8075 * 18), a.correlation(), 1e-12);
    }

    @Test
    void exactPredictionsAgreePerfectlyAndNonFiniteOnesAreLeftOut() {
        PredictionAgreement a = PredictionAgreement.of(new double[] {-1, 2, Double.NaN, 3},
                new double[] {-1, 2, 5, 3});
        assertEquals(3, a.observations());
        assertEquals(0, a.medianRelativeError());
        assertEquals(1, a.correlation(), 1e-12);
        assertEquals(Double.NaN, PredictionAgreement.of(new double[0], new double[0]).medianRelativeError());
        assertThrows(IllegalArgumentException.class, () -> PredictionAgreement.of(new double[1], new double[2]));
    }
}
