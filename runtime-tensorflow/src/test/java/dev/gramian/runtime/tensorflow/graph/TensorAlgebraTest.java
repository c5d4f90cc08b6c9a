package dev.gramian.runtime.tensorflow.graph;

import dev.gramian.api.algebra.DoubleAlgebra;
import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.param.ParameterSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph algebra agrees with the double algebra, element-wise, and stays finite at ±1e4. */
@Tag("native")
class TensorAlgebraTest {
    private static final double[] XS = {-1e4, -60, -3, -0.7, -1e-6, 0.4, 2, 50, 1e4};
    private static final double[] NEGATIVE = {-1e4, -30, -2, -0.69, -0.3, -1e-3};

    /** A one-input graph evaluating an algebra expression and its derivative. */
    private static final class Harness extends ModelGraph<TFloat64> {
        Harness() {
            super(SessionSettings.defaults().withPrecision(Precision.FLOAT64));
        }

        double[][] valueAndDerivative(UnaryOperator<Operand<TFloat64>> f, double[] xs) {
            Placeholder<TFloat64> x = tf.placeholder(TFloat64.class);
            Operand<TFloat64> y = f.apply(x);
            Operand<TFloat64> dy = gradients(y, tf.onesLike(y), List.of(x)).get(0);
            try (SessionRun run = newRun(new ParameterSet(List.of())).feed(x, xs).fetch(y).fetch(dy);
                 Result r = run.run()) {
                return new double[][]{doubles(r.get(0)), doubles(r.get(1))};
            }
        }
    }

    private interface Expression {
        <T> T apply(ScalarAlgebra<T> algebra, T x);
    }

    private static void check(Harness h, Expression e, double[] xs) {
        double[][] graph = h.valueAndDerivative(x -> e.apply(h.algebra, x), xs);
        for (int i = 0; i < xs.length; i++) {
            double expected = e.apply(DoubleAlgebra.INSTANCE, xs[i]);
            assertEquals(expected, graph[0][i], 1e-12 * Math.max(1, Math.abs(expected)), "value at " + xs[i]);
            assertTrue(Double.isFinite(graph[1][i]), "derivative at " + xs[i] + " is " + graph[1][i]);
            double step = 1e-6 * Math.max(1, Math.abs(xs[i]));
            if (xs[i] + step < 0 || xs == XS) {
                double numeric = (e.apply(DoubleAlgebra.INSTANCE, xs[i] + step)
                        - e.apply(DoubleAlgebra.INSTANCE, xs[i] - step)) / (2 * step);
                assertEquals(numeric, graph[1][i], 1e-5 * Math.max(1, Math.abs(numeric)), "derivative at " + xs[i]);
            }
        }
    }

    @Test
    void stableOperationsMatchDoublesWithFiniteGradients() {
        try (Harness h = new Harness()) {
            check(h, new Expression() {
                public <T> T apply(ScalarAlgebra<T> a, T x) {
                    return a.softplus(x);
                }
            }, XS);
            check(h, new Expression() {
                public <T> T apply(ScalarAlgebra<T> a, T x) {
                    return a.logSigmoid(x);
                }
            }, XS);
            check(h, new Expression() {
                public <T> T apply(ScalarAlgebra<T> a, T x) {
                    return a.sigmoid(x);
                }
            }, XS);
            check(h, new Expression() {
                public <T> T apply(ScalarAlgebra<T> a, T x) {
                    return a.log1mExp(x);
                }
            }, NEGATIVE);
            check(h, new Expression() {
                public <T> T apply(ScalarAlgebra<T> a, T x) {
                    return a.add(a.mul(a.relu(x), a.constant(3)), a.div(a.square(x), a.add(a.exp(a.neg(a.square(
                            a.scale(x, 1e-3)))), a.constant(1))));
                }
            }, XS);
        }
    }

    /**
     * At exactly 0, where a policy equal to its reference puts every margin at the first step, the
     * smooth operations have their true derivative (σ(0) = 1/2 for softplus), not a subgradient of
     * a max(a, 0) inside them.
     */
    @Test
    void smoothOperationsHaveTheirDerivativeAtExactlyZero() {
        try (Harness h = new Harness()) {
            assertEquals(0.5, h.valueAndDerivative(x -> h.algebra.softplus(x), new double[]{0})[1][0], 1e-15);
            assertEquals(0.5, h.valueAndDerivative(x -> h.algebra.logSigmoid(x), new double[]{0})[1][0], 1e-15);
            assertEquals(-0.5, h.valueAndDerivative(x -> h.algebra.softplus(h.algebra.neg(x)), new double[]{0})[1][0],
                    1e-15);
        }
    }
}
