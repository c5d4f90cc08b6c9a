package dev.gramian.probes.entanglement;

import java.util.Arrays;

/**
 * How well the first-order law's predicted log-probability changes agree with the realised ones over
 * many (pair, step) observations: the median relative error {@code |predicted − realised| / |realised|}
 * (a median, since a realised change near zero makes single ratios meaningless) and the Pearson
 * correlation. Non-finite observations are left out.
 *
 * @param observations        how many finite (predicted, realised) pairs were compared
 * @param medianRelativeError the median of {@code |predicted − realised| / |realised|} (NaN without observations)
 * @param correlation         the Pearson correlation of predicted and realised (NaN with fewer than two)
 */
public record PredictionAgreement(int observations, double medianRelativeError, double correlation) {

    /** Compares {@code predicted[i]} with {@code realised[i]}. */
    public static PredictionAgreement of(double[] predicted, double[] realised) {
        if (predicted.length != realised.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + realised.length
                    + " realised changes");
        }
        int n = 0;
        double[] p = new double[predicted.length];
        double[] r = new double[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            if (Double.isFinite(predicted[i]) && Double.isFinite(realised[i]) && realised[i] != 0) {
                p[n] = predicted[i];
                r[n] = realised[i];
                n++;
            }
        }
        double[] relative = new double[n];
        for (int i = 0; i < n; i++) {
            relative[i] = Math.abs(p[i] - r[i]) / Math.abs(r[i]);
        }
        return new PredictionAgreement(n, median(relative), correlation(Arrays.copyOf(p, n), Arrays.copyOf(r, n)));
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double correlation(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
