package dev.gramian.api.algebra;

import java.util.Arrays;

/**
 * A forward-mode dual number: a value and its exact partial derivatives with respect to a fixed
 * number of input variables.
 *
 * @param value    the value
 * @param gradient the partial derivatives, one per input variable (not copied; treat as read-only)
 */
public record Dual(double value, double[] gradient) {

    /** The partial derivative with respect to input {@code index}. */
    public double derivative(int index) {
        return gradient[index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Dual d && Double.compare(d.value, value) == 0
                && Arrays.equals(d.gradient, gradient);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(value) + Arrays.hashCode(gradient);
    }

    @Override
    public String toString() {
        return value + " " + Arrays.toString(gradient);
    }
}
