package dev.gramian.api.model;

/**
 * The gradient geometry of B preference pairs together with their slopes along one parameter
 * direction {@code d}: the per-pair Gram entries, each response's summed log-probability, and each
 * response's slope {@code ⟨∇θ logp, d⟩}, the first-order change of its log-probability when the
 * parameters move by {@code d} ({@code logp(θ + d) ≈ logp(θ) + slope}).
 *
 * @param gram           the per-pair Gram entries (no full Gram)
 * @param logpChosen     log π(y_w|x) per pair
 * @param logpRejected   log π(y_l|x) per pair
 * @param slopeChosen    ⟨∇θ log π(y_w|x), d⟩ per pair
 * @param slopeRejected  ⟨∇θ log π(y_l|x), d⟩ per pair
 */
public record DirectedPairGram(PairGram gram, double[] logpChosen, double[] logpRejected, double[] slopeChosen,
                               double[] slopeRejected) {
    public DirectedPairGram {
        int b = gram.innerProduct().length;
        if (logpChosen.length != b || logpRejected.length != b || slopeChosen.length != b
                || slopeRejected.length != b) {
            throw new IllegalArgumentException("log-probabilities and slopes need one value per pair (" + b + ")");
        }
    }
}
