package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenLogRatio;
import static dev.gramian.objectives.margin.loss.PairExpressions.rejectedLogRatio;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * Noise Contrastive Alignment (NCA, Chen et al., 2024), pairwise form:
 * {@code −log σ(β·rw) − ½·log σ(−β·rw) − ½·log σ(−β·rl)}. It scores each response's own reward,
 * not only their margin.
 *
 * @param beta inverse temperature, {@code > 0}
 */
public record NcaLoss(double beta) implements MarginLoss {
    public NcaLoss {
        requirePositive("beta", beta);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T chosenReward = a.scale(chosenLogRatio(a, pair), beta);
        T rejectedReward = a.scale(rejectedLogRatio(a, pair), beta);
        T contrast = a.add(a.logSigmoid(a.neg(chosenReward)), a.logSigmoid(a.neg(rejectedReward)));
        return a.neg(a.add(a.logSigmoid(chosenReward), a.scale(contrast, 0.5)));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
