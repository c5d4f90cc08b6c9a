package dev.gramian.api.algebra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DualAlgebraTest {
    private final DualAlgebra duals = new DualAlgebra(1);
    private final DoubleAlgebra doubles = DoubleAlgebra.INSTANCE;

    private <T> T composite(ScalarAlgebra<T> a, T x) {
        // exercises every operation once
        T y = a.add(a.mul(a.softplus(x), a.sigmoid(a.neg(x))), a.square(a.sub(x, a.constant(0.3))));
        y = a.add(y, a.div(a.exp(a.scale(x, 0.1)), a.add(a.constant(2), a.relu(x))));
        y = a.add(y, a.logSigmoid(a.scale(x, 3)));
        return a.add(y, a.log1mExp(a.neg(a.add(a.square(x), a.constant(0.05)))));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-3.0, -0.7, -0.01, 0.2, 1.5, 4.0})
    void derivativeMatchesCentralDifference(double x) {
        Dual d = composite(duals, duals.variable(0, x));
        Function<Double, Double> f = v -> composite(doubles, v);
        double h = 1e-6;
        double fd = (f.apply(x + h) - f.apply(x - h)) / (2 * h);
        assertEquals(f.apply(x), d.value(), 1e-12);
        assertEquals(fd, d.derivative(0), 1e-7 * Math.max(1, Math.abs(fd)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e4, -700, 700, 1e4})
    void stableAtExtremes(double x) {
        Dual sp = duals.softplus(duals.variable(0, x));
        Dual ls = duals.logSigmoid(duals.variable(0, x));
        assertTrue(Double.isFinite(sp.value()) && Double.isFinite(sp.derivative(0)));
        assertTrue(Double.isFinite(ls.value()) && Double.isFinite(ls.derivative(0)));
        assertEquals(x > 0 ? x : 0, sp.value(), 1e-9);
        assertEquals(x > 0 ? 0 : x, ls.value(), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-12, -1e-3, -0.69, -0.7, -50})
    void log1mExpIsAccurate(double x) {
        double expected = Math.log(-Math.expm1(x)); // accurate reference for these points
        assertEquals(expected, doubles.log1mExp(x), 1e-12 * Math.abs(expected) + 1e-15);
    }
}
