package dev.gramian.api.algebra;

/**
 * Elementary operations on values of type {@code T}: doubles, dual numbers or graph tensors.
 * Implementations must be numerically stable where noted, so that losses written against this
 * interface never overflow for margins of magnitude up to 1e4. Element-wise semantics: for batched
 * implementations every operation applies per element, and {@link #constant} broadcasts.
 *
 * @param <T> the value type
 */
public interface ScalarAlgebra<T> {

    /** A value that does not depend on the inputs. */
    T constant(double value);

    /** {@code a + b}. */
    T add(T a, T b);

    /** {@code a - b}. */
    T sub(T a, T b);

    /** {@code a * b}. */
    T mul(T a, T b);

    /** {@code a / b}. */
    T div(T a, T b);

    /** {@code -a}. */
    T neg(T a);

    /** {@code e^a}. */
    T exp(T a);

    /** Natural logarithm. */
    T log(T a);

    /** {@code log(1 + e^a)}, stable for large |a| (no overflow, exact asymptotes). */
    T softplus(T a);

    /** Logistic sigmoid {@code 1 / (1 + e^-a)}, stable for large |a|. */
    T sigmoid(T a);

    /** {@code max(0, a)}; its derivative at 0 is 0. */
    T relu(T a);

    /** {@code a * a}. */
    T square(T a);

    /** {@code log(1 - e^a)} for {@code a < 0}, stable near 0 and for very negative a. */
    T log1mExp(T a);

    /** {@code log σ(a) = -softplus(-a)}, stable for large |a|. */
    default T logSigmoid(T a) {
        return neg(softplus(neg(a)));
    }

    /** {@code a * c} for a constant {@code c}. */
    default T scale(T a, double c) {
        return mul(a, constant(c));
    }
}
