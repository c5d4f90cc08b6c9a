package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.meanScoreMargin;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * Identity Preference Optimization (Azar et al., 2023) on per-token log-ratios:
 * {@code (h̄ − 1/(2β))²} with {@code h̄ = rw/|y_w| − rl/|y_l|}.
 *
 * @param beta regularisation strength, {@code > 0}; the target margin is {@code 1/(2β)}
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record IpoLoss(double beta, FDivergence divergence) implements MarginLoss {
    public IpoLoss {
        Objects.requireNonNull(divergence, "divergence");
        requirePositive("beta", beta);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        return a.square(a.sub(meanScoreMargin(a, pair, divergence), a.constant(1 / (2 * beta))));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
