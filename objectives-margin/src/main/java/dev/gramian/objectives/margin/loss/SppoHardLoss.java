package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenLogRatio;
import static dev.gramian.objectives.margin.loss.PairExpressions.rejectedLogRatio;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * Self-Play Preference Optimization with hard labels (SPPO, Wu et al., 2024):
 * {@code (rw − 1/(2β))² + (rl + 1/(2β))²}, regressing each log-ratio onto a fixed target.
 *
 * @param beta inverse temperature, {@code > 0}; the targets are {@code ±1/(2β)}
 */
public record SppoHardLoss(double beta) implements MarginLoss {
    public SppoHardLoss {
        requirePositive("beta", beta);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T target = a.constant(1 / (2 * beta));
        return a.add(a.square(a.sub(chosenLogRatio(a, pair), target)),
                a.square(a.add(rejectedLogRatio(a, pair), target)));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
