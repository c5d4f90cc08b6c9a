package dev.gramian.api.probe;

/**
 * The first-order law of gradient entanglement (docs/science.md §2) in its exact batch form. A step
 * {@code θ' = θ − η Σ_m c_m g_m} along a weighted sum of sequence gradients {@code g_m = ∇θ logp_m}
 * changes every sequence's log-probability by {@code Δlogp_k ≈ −η Σ_m c_m ⟨g_k, g_m⟩}; the error is
 * second order in η. For plain gradient descent on the mean loss of B pairs the weights are
 * {@code c = (d_w/B, d_l/B)} with {@code d_w = ∂loss/∂lw}, {@code d_l = ∂loss/∂ll}, so cross-pair
 * Gram entries enter the prediction exactly as they enter the step.
 */
public final class FirstOrderLaw {
    private FirstOrderLaw() {
    }

    /**
     * The predicted change of every sequence's log-probability.
     *
     * @param gram         the N×N Gram matrix of the sequences' gradients
     * @param weights      the step's weight c_m of each sequence gradient (0 for sequences outside the step)
     * @param learningRate η
     * @return {@code Δ_k = −η Σ_m c_m gram[k][m]} for every k
     */
    public static double[] predict(double[][] gram, double[] weights, double learningRate) {
        int n = gram.length;
        if (weights.length != n) {
            throw new IllegalArgumentException(weights.length + " weights for a " + n + "x" + n + " Gram");
        }
        double[] delta = new double[n];
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int m = 0; m < n; m++) {
                sum += weights[m] * gram[k][m];
            }
            delta[k] = -learningRate * sum;
        }
        return delta;
    }

    /**
     * The per-pair law: the changes of pair i's chosen and rejected log-probabilities if the pair
     * alone were stepped on with step size η, {@code Δlw = −η(d_w‖g_w‖² + d_l⟨g_w,g_l⟩)},
     * {@code Δll = −η(d_w⟨g_w,g_l⟩ + d_l‖g_l‖²)}. The diagnostic of docs/science.md §2.
     *
     * @return {@code {Δlw, Δll}}
     */
    public static double[] predictPair(PairGeometry geometry, int i, double learningRate) {
        double dw = geometry.dLogpChosen()[i];
        double dl = geometry.dLogpRejected()[i];
        double ip = geometry.innerProduct()[i];
        return new double[]{
                -learningRate * (dw * geometry.chosenSqNorm()[i] + dl * ip),
                -learningRate * (dw * ip + dl * geometry.rejectedSqNorm()[i])};
    }
}
