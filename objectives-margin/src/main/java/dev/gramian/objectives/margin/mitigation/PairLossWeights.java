package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.objective.LossEvaluation;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairScores;

/**
 * The loss of each of B pairs with its exact derivatives {@code d_w = ∂loss/∂lw},
 * {@code d_l = ∂loss/∂ll} (by dual numbers, {@link MarginLoss#evaluate}).
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
    public static PairLossWeights of(MarginLoss loss, double[] logpChosen, double[] logpRejected, double[] refChosen,
                                     double[] refRejected, int[] lenChosen, int[] lenRejected) {
        int b = logpChosen.length;
        double[] value = new double[b];
        double[] dw = new double[b];
        double[] dl = new double[b];
        for (int i = 0; i < b; i++) {
            if (!Double.isFinite(logpChosen[i]) || !Double.isFinite(logpRejected[i])) {
                value[i] = Double.NaN;
                dw[i] = Double.NaN;
                dl[i] = Double.NaN;
                continue;
            }
            LossEvaluation e = loss.evaluate(new PairScores(logpChosen[i], logpRejected[i],
                    loss.usesReference() ? refChosen[i] : 0, loss.usesReference() ? refRejected[i] : 0,
                    lenChosen[i], lenRejected[i]));
            value[i] = e.loss();
            dw[i] = e.dLogpChosen();
            dl[i] = e.dLogpRejected();
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
