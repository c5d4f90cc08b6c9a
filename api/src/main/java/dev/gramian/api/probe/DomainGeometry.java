package dev.gramian.api.probe;

/**
 * The geometry of per-domain gradients {@code G_i = ∇θ E_{D_i}[loss]} at the current parameters.
 *
 * @param step   the optimiser step
 * @param gram   the S×S matrix of inner products {@code G_i·G_j}
 * @param losses the per-domain losses
 */
public record DomainGeometry(long step, double[][] gram, double[] losses) {
    public DomainGeometry {
        int s = gram.length;
        for (double[] row : gram) {
            if (row.length != s) {
                throw new IllegalArgumentException("domain Gram must be square");
            }
        }
        if (losses.length != s) {
            throw new IllegalArgumentException("need one loss per domain");
        }
    }

    /** Number of domains. */
    public int domains() {
        return gram.length;
    }

    /** The mean inner product over distinct pairs: GIP = 2/(S(S−1)) Σ_{i<j} G_i·G_j; NaN for one domain. */
    public double meanInnerProduct() {
        int s = domains();
        if (s < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < s; i++) {
            for (int j = i + 1; j < s; j++) {
                sum += gram[i][j];
            }
        }
        return 2 * sum / (s * (s - 1.0));
    }
}
