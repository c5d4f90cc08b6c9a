package dev.gramian.api.param;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParameterSetTest {
    private static ParameterSet set(double... w) {
        return new ParameterSet(List.of(new ParameterSet.Parameter("w", new int[] {w.length - 1}, java.util.Arrays.copyOf(w, w.length - 1)),
                new ParameterSet.Parameter("b", new int[] {1}, new double[] {w[w.length - 1]})));
    }

    @Test
    void interpolationIsFishMetaStep() {
        ParameterSet theta = set(1, 2, 3);
        ParameterSet tilde = set(3, 6, -1);
        theta.interpolateToward(tilde, 0.25);
        assertArrayEquals(new double[] {1.5, 3}, theta.values("w"), 1e-15);
        assertArrayEquals(new double[] {2}, theta.values("b"), 1e-15);
    }

    @Test
    void firstNonFiniteNamesTheFirstParameterHoldingNaNOrInfinity() {
        assertEquals(Optional.empty(), set(1, 2, 3).firstNonFinite());
        assertEquals(Optional.of("b"), set(1, 2, Double.NaN).firstNonFinite());
        assertEquals(Optional.of("w"), set(1, Double.NEGATIVE_INFINITY, Double.NaN).firstNonFinite());
    }

    @Test
    void copyIsIndependentAndDotWorks() {
        ParameterSet a = set(1, 2, 3);
        ParameterSet b = a.copy();
        b.addScaled(a, 1);
        assertEquals(1, a.values("w")[0]);
        assertEquals(2 * 14, a.dot(b), 1e-15);
        assertEquals(14, a.squaredNorm(), 1e-15);
    }

    @Test
    void layoutMismatchIsRejected() {
        ParameterSet a = set(1, 2, 3);
        ParameterSet c = set(1, 2, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> a.dot(c));
        assertThrows(IllegalArgumentException.class,
                () -> new ParameterSet.Parameter("x", new int[] {2, 2}, new double[3]));
    }
}
