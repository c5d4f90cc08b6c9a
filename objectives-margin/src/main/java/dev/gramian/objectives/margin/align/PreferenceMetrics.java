package dev.gramian.objectives.margin.align;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TRL's preference metrics over a set of pairs: {@code rewards/chosen = β·mean(rw)},
 * {@code rewards/rejected = β·mean(rl)}, {@code rewards/margins = β·mean(rw − rl)},
 * {@code rewards/accuracies = P(rw > rl)}, {@code logps/chosen}, {@code logps/rejected} (means of
 * the summed log-probabilities), and {@code loss}, where {@code rw = lw − ref_lw}.
 */
public final class PreferenceMetrics {
    private PreferenceMetrics() {
    }

    /**
     * Computes the metrics.
     *
     * @param prefix      {@code ""} for training batches, {@code "eval/"} for held-out pairs
     * @param beta        the loss's reward scale
     * @param meanLoss    the mean loss over the pairs
     */
    public static Map<String, Double> of(String prefix, double beta, double meanLoss, double[] logpChosen,
                                         double[] logpRejected, double[] refChosen, double[] refRejected) {
        int n = logpChosen.length;
        double rw = 0;
        double rl = 0;
        double wins = 0;
        double lw = 0;
        double ll = 0;
        for (int i = 0; i < n; i++) {
            double w = logpChosen[i] - refChosen[i];
            double l = logpRejected[i] - refRejected[i];
            rw += w;
            rl += l;
            wins += w > l ? 1 : 0;
            lw += logpChosen[i];
            ll += logpRejected[i];
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "loss", meanLoss);
        metrics.put(prefix + "rewards/chosen", beta * rw / n);
        metrics.put(prefix + "rewards/rejected", beta * rl / n);
        metrics.put(prefix + "rewards/margins", beta * (rw - rl) / n);
        metrics.put(prefix + "rewards/accuracies", wins / n);
        metrics.put(prefix + "logps/chosen", lw / n);
        metrics.put(prefix + "logps/rejected", ll / n);
        return metrics;
    }
}
