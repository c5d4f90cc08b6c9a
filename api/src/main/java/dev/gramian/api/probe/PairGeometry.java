package dev.gramian.api.probe;

/**
 * The gradient geometry of a batch of B preference pairs at the current parameters, with the
 * objective's exact per-pair weights. With {@code d_w = ∂loss/∂lw} and {@code d_l = ∂loss/∂ll}, one
 * SGD step of size η on the pair alone predicts {@code Δlw ≈ −η(d_w‖g_w‖² + d_l⟨g_w,g_l⟩)}
 * ({@link FirstOrderLaw#predictPair}); a step on a batch adds cross-pair terms.
 *
 * @param step             the optimiser step the geometry was computed at
 * @param chosenSqNorm     ‖g_w‖² per pair
 * @param rejectedSqNorm   ‖g_l‖² per pair
 * @param innerProduct     ⟨g_w, g_l⟩ per pair
 * @param dLogpChosen      ∂loss/∂lw per pair
 * @param dLogpRejected    ∂loss/∂ll per pair
 */
public record PairGeometry(long step, double[] chosenSqNorm, double[] rejectedSqNorm, double[] innerProduct,
                           double[] dLogpChosen, double[] dLogpRejected) {
    public PairGeometry {
        int b = chosenSqNorm.length;
        if (rejectedSqNorm.length != b || innerProduct.length != b || dLogpChosen.length != b
                || dLogpRejected.length != b) {
            throw new IllegalArgumentException("per-pair arrays must all have length " + b);
        }
    }

    /** Number of pairs. */
    public int pairs() {
        return chosenSqNorm.length;
    }

    /** The cosine between g_w and g_l of pair {@code i}; NaN when a norm is zero. */
    public double cosine(int i) {
        double denominator = Math.sqrt(chosenSqNorm[i] * rejectedSqNorm[i]);
        return denominator == 0 ? Double.NaN : innerProduct[i] / denominator;
    }
}
