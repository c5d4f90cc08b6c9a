package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenScore;
import static dev.gramian.objectives.margin.loss.PairExpressions.rejectedScore;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * Binary Classifier Optimization (BCO, Jung et al., 2024) on a pair, without the running reward
 * shift: {@code −log σ(β·rw) − log σ(−β·rl)}, a binary classifier of chosen versus rejected.
 *
 * @param beta inverse temperature, {@code > 0}
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record BcoLoss(double beta, FDivergence divergence) implements MarginLoss {
    public BcoLoss {
        Objects.requireNonNull(divergence, "divergence");
        requirePositive("beta", beta);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T chosenReward = a.scale(chosenScore(a, pair, divergence), beta);
        T rejectedReward = a.scale(rejectedScore(a, pair, divergence), beta);
        return a.neg(a.add(a.logSigmoid(chosenReward), a.logSigmoid(a.neg(rejectedReward))));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
