package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import static dev.gramian.objectives.margin.loss.PairExpressions.logRatioMargin;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * The hinge loss of SLiC (Zhao et al., 2023) on the reference log-ratio margin:
 * {@code max(0, 1 − βh)}. Its derivative is taken as 0 at the kink.
 *
 * @param beta margin scale, {@code > 0}
 */
public record HingeLoss(double beta) implements MarginLoss {
    public HingeLoss {
        requirePositive("beta", beta);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        return a.relu(a.sub(a.constant(1), a.scale(logRatioMargin(a, pair), beta)));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
