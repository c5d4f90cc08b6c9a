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
    /** The prefix of the held-out twins of the metrics, e.g. {@code eval/rewards/accuracies}. */
    public static final String EVAL = "eval/";
    /** The mean loss. */
    public static final String LOSS = "loss";
    /** {@code β·mean(rw)}. */
    public static final String REWARDS_CHOSEN = "rewards/chosen";
    /** {@code β·mean(rl)}. */
    public static final String REWARDS_REJECTED = "rewards/rejected";
    /** {@code β·mean(rw − rl)}. */
    public static final String REWARDS_MARGINS = "rewards/margins";
    /** {@code P(rw > rl)}. */
    public static final String REWARDS_ACCURACIES = "rewards/accuracies";
    /** The mean summed log-probability of the chosen responses. */
    public static final String LOGPS_CHOSEN = "logps/chosen";
    /** The mean summed log-probability of the rejected responses. */
    public static final String LOGPS_REJECTED = "logps/rejected";

    private PreferenceMetrics() {
    }

    /**
     * Computes the metrics.
     *
     * @param prefix      {@code ""} for training batches, {@link #EVAL} for held-out pairs
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
        metrics.put(prefix + LOSS, meanLoss);
        metrics.put(prefix + REWARDS_CHOSEN, beta * rw / n);
        metrics.put(prefix + REWARDS_REJECTED, beta * rl / n);
        metrics.put(prefix + REWARDS_MARGINS, beta * (rw - rl) / n);
        metrics.put(prefix + REWARDS_ACCURACIES, wins / n);
        metrics.put(prefix + LOGPS_CHOSEN, lw / n);
        metrics.put(prefix + LOGPS_REJECTED, ll / n);
        return metrics;
    }
}
