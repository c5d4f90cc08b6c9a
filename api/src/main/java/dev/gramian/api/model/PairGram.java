package dev.gramian.api.model;

/**
 * Inner products of per-sequence gradients {@code g = ∇θ log π(response)} for B preference pairs.
 *
 * @param chosenSqNorm   ‖g_w‖² per pair
 * @param rejectedSqNorm ‖g_l‖² per pair
 * @param innerProduct   ⟨g_w, g_l⟩ per pair
 * @param fullGram       the 2B×2B Gram (chosen 0..B−1, then rejected B..2B−1), or null if not asked for
 */
public record PairGram(double[] chosenSqNorm, double[] rejectedSqNorm, double[] innerProduct, double[][] fullGram) {
}
