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
    private static final String PREFIX = "entanglement/";

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
        sink.scalar(PREFIX + "cosine_mean", Arrays.stream(finite).average().orElse(Double.NaN));
        sink.scalar(PREFIX + "cosine_p10", quantile(finite, 0.1));
        sink.scalar(PREFIX + "cosine_p50", quantile(finite, 0.5));
        sink.scalar(PREFIX + "cosine_p90", quantile(finite, 0.9));
        for (EntanglementCase pairCase : EntanglementCase.values()) {
            sink.scalar(PREFIX + "frac_" + pairCase.label(), cases[pairCase.ordinal()] / (double) b);
        }
        sink.scalar(PREFIX + "predicted_delta_chosen", mean(step.predictedChosen()));
        sink.scalar(PREFIX + "realised_delta_chosen", mean(step.realisedChosen()));
        sink.scalar(PREFIX + "predicted_delta_rejected", mean(step.predictedRejected()));
        sink.scalar(PREFIX + "realised_delta_rejected", mean(step.realisedRejected()));
    }

    private static Map<String, Object> row(PairStep step, int i, EntanglementCase pairCase) {
        PairGeometry g = step.geometry();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step.step());
        row.put("pair", i);
        row.put("chosen_sq_norm", g.chosenSqNorm()[i]);
        row.put("rejected_sq_norm", g.rejectedSqNorm()[i]);
        row.put("inner_product", g.innerProduct()[i]);
        row.put("cosine", g.cosine(i));
        row.put("d_logp_chosen", g.dLogpChosen()[i]);
        row.put("d_logp_rejected", g.dLogpRejected()[i]);
        row.put("weight_ratio", -g.dLogpChosen()[i] / g.dLogpRejected()[i]);
        row.put("case", pairCase.label());
        row.put("predicted_delta_chosen", step.predictedChosen()[i]);
        row.put("realised_delta_chosen", step.realisedChosen()[i]);
        row.put("predicted_delta_rejected", step.predictedRejected()[i]);
        row.put("realised_delta_rejected", step.realisedRejected()[i]);
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
