package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.meanScoreMargin;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * DPO on per-token log-ratios (TRL's {@code sigmoid_norm}, the length normalisation of SimPO applied
 * to DPO's reference log-ratios): {@code −log σ(β·(rw/|y_w| − rl/|y_l|))}.
 *
 * @param beta inverse temperature, {@code > 0}
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record NormalizedDpoLoss(double beta, FDivergence divergence) implements MarginLoss {
    public NormalizedDpoLoss {
        Objects.requireNonNull(divergence, "divergence");
        requirePositive("beta", beta);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        return a.neg(a.logSigmoid(a.scale(meanScoreMargin(a, pair, divergence), beta)));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
