package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenNll;
import static dev.gramian.objectives.margin.loss.PairExpressions.requireNonNegative;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * Contrastive Preference Optimization (CPO, Xu et al., 2024), reference-free:
 * {@code −log σ(β(lw − ll)) + α·NLL(y_w)}.
 *
 * @param beta  inverse temperature, {@code > 0}
 * @param alpha weight of the SFT term on the chosen response, {@code >= 0}
 */
public record CpoLoss(double beta, double alpha) implements MarginLoss {
    public CpoLoss {
        requirePositive("beta", beta);
        requireNonNegative("alpha", alpha);
    }

    @Override
    public boolean usesReference() {
        return false;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T z = a.scale(a.sub(pair.logpChosen(), pair.logpRejected()), beta);
        return a.add(a.neg(a.logSigmoid(z)), a.scale(chosenNll(a, pair), alpha));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
