package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import static dev.gramian.objectives.margin.loss.PairExpressions.meanLogRatioMargin;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * DPO on per-token log-ratios (TRL's {@code sigmoid_norm}, the length normalisation of SimPO applied
 * to DPO's reference log-ratios): {@code −log σ(β·(rw/|y_w| − rl/|y_l|))}.
 *
 * @param beta inverse temperature, {@code > 0}
 */
public record NormalizedDpoLoss(double beta) implements MarginLoss {
    public NormalizedDpoLoss {
        requirePositive("beta", beta);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        return a.neg(a.logSigmoid(a.scale(meanLogRatioMargin(a, pair), beta)));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
