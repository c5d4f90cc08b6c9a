package dev.gramian.probes.entanglement;

import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.api.probe.PairGeometry;
import dev.gramian.api.probe.PairStep;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gradient-entanglement probe. Every {@code every} steps it receives a fixed probe set's
 * geometry before the step ({@link PairStep}) and writes:
 *
 * <ul>
 *   <li>one row per probe pair to table {@code entanglement-pairs}: {@code step}, {@code pair},
 *       {@code chosen_sq_norm}, {@code rejected_sq_norm}, {@code inner_product}, {@code cosine},
 *       the loss weights {@code d_logp_chosen} = ∂loss/∂lw and {@code d_logp_rejected} = ∂loss/∂ll
 *       and their ratio {@code weight_ratio} = a_w/a_l = −d_w/d_l (1 for DPO, |y_l|/|y_w| for
 *       length-normalised losses), the {@code case} by the per-pair law, and
 *       {@code predicted_delta_chosen}/{@code realised_delta_chosen} (and {@code _rejected});</li>
 *   <li>aggregates to the metrics: {@code entanglement/cosine_mean}, {@code _p10}, {@code _p50},
 *       {@code _p90}, {@code entanglement/frac_<case>} per {@link EntanglementCase}, and the means
 *       {@code entanglement/predicted_delta_chosen}, {@code realised_delta_chosen} (and
 *       {@code _rejected}).</li>
 * </ul>
 *
 * The case is the per-pair law's diagnostic (a step on the pair alone); the predicted changes are
 * for the step actually taken, as the driver computed them (the slopes along the parameter change,
 * which include the cross-pair terms of the batch law). A pair with a zero gradient has a NaN
 * cosine and is left out of the cosine statistics.
 */
public final class EntanglementProbe implements GradientProbe {
    /** The per-pair table's name ({@code entanglement-pairs.jsonl} in a run directory). */
    public static final String TABLE = "entanglement-pairs";
    /** The prefix of every metric this probe writes. */
    public static final String PREFIX = "entanglement/";
    /** The mean cosine of the probe pairs' chosen and rejected gradients. */
    public static final String COSINE_MEAN = PREFIX + "cosine_mean";
    /** The 10th percentile of the cosines. */
    public static final String COSINE_P10 = PREFIX + "cosine_p10";
    /** The median cosine. */
    public static final String COSINE_P50 = PREFIX + "cosine_p50";
    /** The 90th percentile of the cosines. */
    public static final String COSINE_P90 = PREFIX + "cosine_p90";
    /** The mean predicted change of the chosen log-probabilities over the step. */
    public static final String PREDICTED_DELTA_CHOSEN = PREFIX + "predicted_delta_chosen";
    /** The mean realised change of the chosen log-probabilities over the step. */
    public static final String REALISED_DELTA_CHOSEN = PREFIX + "realised_delta_chosen";
    /** The mean predicted change of the rejected log-probabilities over the step. */
    public static final String PREDICTED_DELTA_REJECTED = PREFIX + "predicted_delta_rejected";
    /** The mean realised change of the rejected log-probabilities over the step. */
    public static final String REALISED_DELTA_REJECTED = PREFIX + "realised_delta_rejected";

    /** A row's step; the constants below name the other columns of a row of {@link #TABLE}. */
    public static final String STEP = "step";
    /** The pair's index in the probe set. */
    public static final String PAIR = "pair";
    /** ‖g_w‖². */
    public static final String CHOSEN_SQ_NORM = "chosen_sq_norm";
    /** ‖g_l‖². */
    public static final String REJECTED_SQ_NORM = "rejected_sq_norm";
    /** ⟨g_w, g_l⟩. */
    public static final String INNER_PRODUCT = "inner_product";
    /** The cosine of g_w and g_l. */
    public static final String COSINE = "cosine";
    /** ∂loss/∂lw. */
    public static final String D_LOGP_CHOSEN = "d_logp_chosen";
    /** ∂loss/∂ll. */
    public static final String D_LOGP_REJECTED = "d_logp_rejected";
    /** a_w/a_l = −d_w/d_l. */
    public static final String WEIGHT_RATIO = "weight_ratio";
    /** The {@link EntanglementCase} label. */
    public static final String CASE = "case";
    /** The pair's predicted change of its chosen log-probability (a row's column, without the prefix). */
    public static final String ROW_PREDICTED_DELTA_CHOSEN = "predicted_delta_chosen";
    /** Its realised change. */
    public static final String ROW_REALISED_DELTA_CHOSEN = "realised_delta_chosen";
    /** The pair's predicted change of its rejected log-probability. */
    public static final String ROW_PREDICTED_DELTA_REJECTED = "predicted_delta_rejected";
    /** Its realised change. */
    public static final String ROW_REALISED_DELTA_REJECTED = "realised_delta_rejected";

    private final int every;
    private final boolean rows;

    /**
     * @param every probe every this many steps, at least 1
     * @param rows  also write the per-pair rows
     */
    public EntanglementProbe(int every, boolean rows) {
        if (every < 1) {
            throw new IllegalArgumentException("interval must be at least 1, got " + every);
        }
        this.every = every;
        this.rows = rows;
    }

    /** The fraction of probe pairs in {@code pairCase}: {@code entanglement/frac_<case>}. */
    public static String fraction(EntanglementCase pairCase) {
        return PREFIX + "frac_" + pairCase.label();
    }

    @Override
    public int interval() {
        return every;
    }

    @Override
    public boolean wants(Need need) {
        return need == Need.STEP;
    }

    @Override
    public void observeStep(PairStep step, MetricSink sink) {
        PairGeometry geometry = step.geometry();
        int b = geometry.pairs();
        double[] cosines = new double[b];
        int[] cases = new int[EntanglementCase.values().length];
        for (int i = 0; i < b; i++) {
            cosines[i] = geometry.cosine(i);
            EntanglementCase pairCase = EntanglementCase.of(geometry, i);
            cases[pairCase.ordinal()]++;
            if (rows) {
                sink.row(TABLE, row(step, i, pairCase));
            }
        }
        double[] finite = Arrays.stream(cosines).filter(Double::isFinite).sorted().toArray();
        sink.scalar(COSINE_MEAN, Arrays.stream(finite).average().orElse(Double.NaN));
        sink.scalar(COSINE_P10, quantile(finite, 0.1));
        sink.scalar(COSINE_P50, quantile(finite, 0.5));
        sink.scalar(COSINE_P90, quantile(finite, 0.9));
        for (EntanglementCase pairCase : EntanglementCase.values()) {
            sink.scalar(fraction(pairCase), cases[pairCase.ordinal()] / (double) b);
        }
        sink.scalar(PREDICTED_DELTA_CHOSEN, mean(step.predictedChosen()));
        sink.scalar(REALISED_DELTA_CHOSEN, mean(step.realisedChosen()));
        sink.scalar(PREDICTED_DELTA_REJECTED, mean(step.predictedRejected()));
        sink.scalar(REALISED_DELTA_REJECTED, mean(step.realisedRejected()));
    }

    private static Map<String, Object> row(PairStep step, int i, EntanglementCase pairCase) {
        PairGeometry g = step.geometry();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(STEP, step.step());
        row.put(PAIR, i);
        row.put(CHOSEN_SQ_NORM, g.chosenSqNorm()[i]);
        row.put(REJECTED_SQ_NORM, g.rejectedSqNorm()[i]);
        row.put(INNER_PRODUCT, g.innerProduct()[i]);
        row.put(COSINE, g.cosine(i));
        row.put(D_LOGP_CHOSEN, g.dLogpChosen()[i]);
        row.put(D_LOGP_REJECTED, g.dLogpRejected()[i]);
        row.put(WEIGHT_RATIO, -g.dLogpChosen()[i] / g.dLogpRejected()[i]);
        row.put(CASE, pairCase.label());
        row.put(ROW_PREDICTED_DELTA_CHOSEN, step.predictedChosen()[i]);
        row.put(ROW_REALISED_DELTA_CHOSEN, step.realisedChosen()[i]);
        row.put(ROW_PREDICTED_DELTA_REJECTED, step.predictedRejected()[i]);
        row.put(ROW_REALISED_DELTA_REJECTED, step.realisedRejected()[i]);
        return row;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** The q-quantile of sorted values, interpolating linearly between order statistics; NaN if empty. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
