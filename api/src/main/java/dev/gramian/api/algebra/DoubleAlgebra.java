package dev.gramian.api.algebra;

import java.util.List;

/** The algebra of plain doubles: reference values and golden tests. Stateless; use {@link #INSTANCE}. */
public final class DoubleAlgebra implements OrderedAlgebra<Double> {
    /** The shared instance. */
    public static final DoubleAlgebra INSTANCE = new DoubleAlgebra();

    private DoubleAlgebra() {
    }

    @Override
    public Double constant(double value) {
        return value;
    }

    @Override
    public Double add(Double a, Double b) {
        return a + b;
    }

    @Override
    public Double sub(Double a, Double b) {
        return a - b;
    }

    @Override
    public Double mul(Double a, Double b) {
        return a * b;
    }

    @Override
    public Double div(Double a, Double b) {
        return a / b;
    }

    @Override
    public Double neg(Double a) {
        return -a;
    }

    @Override
    public Double exp(Double a) {
        return Math.exp(a);
    }

    @Override
    public Double log(Double a) {
        return Math.log(a);
    }

    @Override
    public Double softplus(Double a) {
        return softplusOf(a);
    }

    @Override
    public Double sigmoid(Double a) {
        return sigmoidOf(a);
    }

    @Override
    public Double relu(Double a) {
        return a > 0 ? a : 0.0;
    }

    @Override
    public Double square(Double a) {
        return a * a;
    }

    @Override
    public Double log1mExp(Double a) {
        return log1mExpOf(a);
    }

    /** Stable {@code log(1 + e^x)}. */
    static double softplusOf(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** Stable logistic sigmoid. */
    static double sigmoidOf(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** Stable {@code log(1 - e^x)} for {@code x < 0} (Mächler's split at -ln 2). */
    static double log1mExpOf(double x) {
        return x > -Math.log(2) ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
    }

    @Override
    public List<Double> sorted(List<Double> values) {
        return values.stream().sorted().toList();
    }
}
