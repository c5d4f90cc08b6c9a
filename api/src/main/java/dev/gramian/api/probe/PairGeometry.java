package dev.gramian.api.probe;

/**
 * The gradient geometry of a batch of B preference pairs at the current parameters, with the
 * objective's exact per-pair weights. With {@code d_w = ∂loss/∂lw} and {@code d_l = ∂loss/∂ll}, one
 * SGD step of size η predicts {@code Δlw ≈ −η(d_w‖g_w‖² + d_l⟨g_w,g_l⟩)} per pair (plus cross-pair
 * terms from {@link #fullGram()} when present).
 *
 * @param step             the optimiser step the geometry was computed at
 * @param chosenSqNorm     ‖g_w‖² per pair
 * @param rejectedSqNorm   ‖g_l‖² per pair
 * @param innerProduct     ⟨g_w, g_l⟩ per pair
 * @param dLogpChosen      ∂loss/∂lw per pair
 * @param dLogpRejected    ∂loss/∂ll per pair
 * @param fullGram         the 2B×2B Gram matrix (chosen sequences 0..B−1, rejected B..2B−1) or null
 */
public record PairGeometry(long step, double[] chosenSqNorm, double[] rejectedSqNorm, double[] innerProduct,
                           double[] dLogpChosen, double[] dLogpRejected, double[][] fullGram) {
    public PairGeometry {
        int b = chosenSqNorm.length;
        if (rejectedSqNorm.length != b || innerProduct.length != b || dLogpChosen.length != b
                || dLogpRejected.length != b) {
            throw new IllegalArgumentException("per-pair arrays must all have length " + b);
        }
        if (fullGram != null && fullGram.length != 2 * b) {
            throw new IllegalArgumentException("full Gram must be " + 2 * b + "x" + 2 * b);
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
