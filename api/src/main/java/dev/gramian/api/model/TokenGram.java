package dev.gramian.api.model;

/**
 * Inner products of per-token gradients {@code g_t = ∇θ log π(y_t | x, y_<t)} of one preference
 * pair: where the pair's ⟨g_w, g_l⟩ comes from (docs/science.md §2), since it is the sum of
 * {@link #innerProducts()}. Cosines follow from the squared norms.
 *
 * @param chosenSqNorms   ‖g_t‖² of each chosen response token, in order
 * @param rejectedSqNorms ‖g_s‖² of each rejected response token
 * @param innerProducts   ⟨g_t, g_s⟩, one row per chosen token and one column per rejected token
 */
public record TokenGram(double[] chosenSqNorms, double[] rejectedSqNorms, double[][] innerProducts) {
    public TokenGram {
        if (innerProducts.length != chosenSqNorms.length) {
            throw new IllegalArgumentException(innerProducts.length + " rows for " + chosenSqNorms.length
                    + " chosen tokens");
        }
        for (double[] row : innerProducts) {
            if (row.length != rejectedSqNorms.length) {
                throw new IllegalArgumentException(row.length + " columns for " + rejectedSqNorms.length
                        + " rejected tokens");
            }
        }
    }

    /** The cosine between chosen token {@code t} and rejected token {@code s}; NaN if either gradient is zero. */
    public double cosine(int t, int s) {
        double norms = Math.sqrt(chosenSqNorms[t] * rejectedSqNorms[s]);
        return norms == 0 ? Double.NaN : innerProducts[t][s] / norms;
    }
}
