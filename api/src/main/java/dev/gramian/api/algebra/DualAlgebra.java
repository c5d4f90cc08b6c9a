package dev.gramian.api.algebra;

import java.util.Comparator;
import java.util.List;

/**
 * Forward-mode automatic differentiation over {@code variables} inputs: evaluating a function on
 * {@link #variable duals} gives its value and its exact gradient in one pass.
 */
public final class DualAlgebra implements OrderedAlgebra<Dual> {
    private final int variables;

    /** An algebra whose duals carry derivatives with respect to {@code variables} inputs. */
    public DualAlgebra(int variables) {
        if (variables < 1) {
            throw new IllegalArgumentException("need at least one variable, got " + variables);
        }
        this.variables = variables;
    }

    /** Input variable number {@code index} with the given value (its own derivative is 1). */
    public Dual variable(int index, double value) {
        double[] g = new double[variables];
        g[index] = 1;
        return new Dual(value, g);
    }

    @Override
    public Dual constant(double value) {
        return new Dual(value, new double[variables]);
    }

    @Override
    public Dual add(Dual a, Dual b) {
        return combine(a.value() + b.value(), a, 1, b, 1);
    }

    @Override
    public Dual sub(Dual a, Dual b) {
        return combine(a.value() - b.value(), a, 1, b, -1);
    }

    @Override
    public Dual mul(Dual a, Dual b) {
        return combine(a.value() * b.value(), a, b.value(), b, a.value());
    }

    @Override
    public Dual div(Dual a, Dual b) {
        double q = a.value() / b.value();
        return combine(q, a, 1 / b.value(), b, -q / b.value());
    }

    @Override
    public Dual neg(Dual a) {
        return chain(-a.value(), a, -1);
    }

    @Override
    public Dual exp(Dual a) {
        double e = Math.exp(a.value());
        return chain(e, a, e);
    }

    @Override
    public Dual log(Dual a) {
        return chain(Math.log(a.value()), a, 1 / a.value());
    }

    @Override
    public Dual softplus(Dual a) {
        return chain(DoubleAlgebra.softplusOf(a.value()), a, DoubleAlgebra.sigmoidOf(a.value()));
    }

    @Override
    public Dual sigmoid(Dual a) {
        double s = DoubleAlgebra.sigmoidOf(a.value());
        // s(1-s) written as σ(x)σ(-x) keeps precision when s is close to 1.
        return chain(s, a, s * DoubleAlgebra.sigmoidOf(-a.value()));
    }

    @Override
    public Dual relu(Dual a) {
        return a.value() > 0 ? a : constant(0);
    }

    @Override
    public Dual square(Dual a) {
        return chain(a.value() * a.value(), a, 2 * a.value());
    }

    @Override
    public Dual log1mExp(Dual a) {
        // d/dx log(1 - e^x) = -e^x / (1 - e^x) = -1 / expm1(-x)
        return chain(DoubleAlgebra.log1mExpOf(a.value()), a, -1 / Math.expm1(-a.value()));
    }

    @Override
    public List<Dual> sorted(List<Dual> values) {
        return values.stream().sorted(Comparator.comparingDouble(Dual::value)).toList();
    }

    private Dual chain(double value, Dual a, double da) {
        double[] g = new double[variables];
        double[] ga = a.gradient();
        for (int i = 0; i < variables; i++) {
            g[i] = da == 0 ? 0 : da * ga[i];
        }
        return new Dual(value, g);
    }

    private Dual combine(double value, Dual a, double da, Dual b, double db) {
        double[] g = new double[variables];
        double[] ga = a.gradient();
        double[] gb = b.gradient();
        for (int i = 0; i < variables; i++) {
            g[i] = (da == 0 ? 0 : da * ga[i]) + (db == 0 ? 0 : db * gb[i]);
        }
        return new Dual(value, g);
    }
}
