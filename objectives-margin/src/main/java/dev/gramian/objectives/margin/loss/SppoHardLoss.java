package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenScore;
import static dev.gramian.objectives.margin.loss.PairExpressions.rejectedScore;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * Self-Play Preference Optimization with hard labels (SPPO, Wu et al., 2024):
 * {@code (rw − 1/(2β))² + (rl + 1/(2β))²}, regressing each log-ratio onto a fixed target.
 *
 * @param beta inverse temperature, {@code > 0}; the targets are {@code ±1/(2β)}
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record SppoHardLoss(double beta, FDivergence divergence) implements MarginLoss {
    public SppoHardLoss {
        Objects.requireNonNull(divergence, "divergence");
        requirePositive("beta", beta);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T target = a.constant(1 / (2 * beta));
        return a.add(a.square(a.sub(chosenScore(a, pair, divergence), target)),
                a.square(a.add(rejectedScore(a, pair, divergence), target)));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
