package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenLogRatio;
import static dev.gramian.objectives.margin.loss.PairExpressions.rejectedLogRatio;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * Anchored Preference Optimization, "zero" variant (APO-zero, D'Oosterlinck et al., 2024):
 * {@code 1 − σ(β·rw) + σ(β·rl)}, which pushes the chosen reward up and the rejected reward down
 * separately. Bounded in {@code (0, 2)}.
 *
 * @param beta inverse temperature, {@code > 0}
 */
public record ApoZeroLoss(double beta) implements MarginLoss {
    public ApoZeroLoss {
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
        return a.add(a.sub(a.constant(1), a.sigmoid(chosenReward)), a.sigmoid(rejectedReward));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
