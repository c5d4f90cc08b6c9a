package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;
import static dev.gramian.objectives.margin.loss.PairExpressions.scoreMargin;

/**
 * The hinge loss of SLiC (Zhao et al., 2023) on the reference log-ratio margin:
 * {@code max(0, 1 − βh)}. Its derivative is taken as 0 at the kink.
 *
 * @param beta margin scale, {@code > 0}
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record HingeLoss(double beta, FDivergence divergence) implements MarginLoss {
    public HingeLoss {
        Objects.requireNonNull(divergence, "divergence");
        requirePositive("beta", beta);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        return a.relu(a.sub(a.constant(1), a.scale(scoreMargin(a, pair, divergence), beta)));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
