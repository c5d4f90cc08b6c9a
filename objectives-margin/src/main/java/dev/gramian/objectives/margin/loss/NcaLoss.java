package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenScore;
import static dev.gramian.objectives.margin.loss.PairExpressions.rejectedScore;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * Noise Contrastive Alignment (NCA, Chen et al., 2024), pairwise form:
 * {@code −log σ(β·rw) − ½·log σ(−β·rw) − ½·log σ(−β·rl)}. It scores each response's own reward,
 * not only their margin.
 *
 * @param beta inverse temperature, {@code > 0}
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record NcaLoss(double beta, FDivergence divergence) implements MarginLoss {
    public NcaLoss {
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
        T contrast = a.add(a.logSigmoid(a.neg(chosenReward)), a.logSigmoid(a.neg(rejectedReward)));
        return a.neg(a.add(a.logSigmoid(chosenReward), a.scale(contrast, 0.5)));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
