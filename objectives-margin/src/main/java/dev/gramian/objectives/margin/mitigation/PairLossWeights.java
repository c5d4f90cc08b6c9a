package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.objective.PairScores;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The loss of each of B pairs with its exact derivatives {@code d_w = ∂loss/∂lw},
 * {@code d_l = ∂loss/∂ll} (by dual numbers, {@link Objective#evaluate}). For a batch loss the pairs
 * are one batch and the derivatives are in per-pair units, B times the batch loss's (see
 * {@link dev.gramian.api.objective.BatchEvaluation}), so the direction is {@code (1/B)·Σ d·∇logp} either way.
 *
 * @param loss          per pair
 * @param dLogpChosen   per pair, d_w
 * @param dLogpRejected per pair, d_l
 */
public record PairLossWeights(double[] loss, double[] dLogpChosen, double[] dLogpRejected) {

    /**
     * Evaluates {@code loss} on every pair. A pair whose log-probabilities are not finite (a
     * diverged model) gets NaN loss and derivatives, for the trainer to report as divergence.
     *
     * @param lenChosen   response token counts of the chosen sequences
     * @param lenRejected of the rejected sequences
     */
    public static PairLossWeights of(Objective loss, double[] logpChosen, double[] logpRejected, double[] refChosen,
                                     double[] refRejected, int[] lenChosen, int[] lenRejected) {
        int b = logpChosen.length;
        List<PairScores> batch = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            if (!Double.isFinite(logpChosen[i]) || !Double.isFinite(logpRejected[i])) {
                return undefinedWhereNotFinite(loss, logpChosen, logpRejected, refChosen, refRejected, lenChosen,
                        lenRejected);
            }
            batch.add(new PairScores(logpChosen[i], logpRejected[i], loss.usesReference() ? refChosen[i] : 0,
                    loss.usesReference() ? refRejected[i] : 0, lenChosen[i], lenRejected[i]));
        }
        List<LossEvaluation> pairs = loss.evaluate(batch).pairs();
        double[] value = new double[b];
        double[] dw = new double[b];
        double[] dl = new double[b];
        for (int i = 0; i < b; i++) {
            value[i] = pairs.get(i).loss();
            dw[i] = pairs.get(i).dLogpChosen();
            dl[i] = pairs.get(i).dLogpRejected();
        }
        return new PairLossWeights(value, dw, dl);
    }

    /**
     * A diverged policy's weights: NaN for each pair whose log-probabilities are not finite (for a batch
     * loss, for every pair, since the batch has no loss then); the trainer's guard reports the NaN.
     */
    private static PairLossWeights undefinedWhereNotFinite(Objective loss, double[] logpChosen, double[] logpRejected,
                                                           double[] refChosen, double[] refRejected, int[] lenChosen,
                                                           int[] lenRejected) {
        int b = logpChosen.length;
        double[] value = new double[b];
        double[] dw = new double[b];
        double[] dl = new double[b];
        Arrays.fill(value, Double.NaN);
        Arrays.fill(dw, Double.NaN);
        Arrays.fill(dl, Double.NaN);
        if (loss instanceof MarginLoss margin) {
            for (int i = 0; i < b; i++) {
                if (Double.isFinite(logpChosen[i]) && Double.isFinite(logpRejected[i])) {
                    LossEvaluation e = margin.evaluate(new PairScores(logpChosen[i], logpRejected[i],
                            loss.usesReference() ? refChosen[i] : 0, loss.usesReference() ? refRejected[i] : 0,
                            lenChosen[i], lenRejected[i]));
                    value[i] = e.loss();
                    dw[i] = e.dLogpChosen();
                    dl[i] = e.dLogpRejected();
                }
            }
        }
        return new PairLossWeights(value, dw, dl);
    }

    /** The mean loss over the pairs. */
    public double meanLoss() {
        double sum = 0;
        for (double v : loss) {
            sum += v;
        }
        return sum / loss.length;
    }
}
