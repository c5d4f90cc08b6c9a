package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenLogRatio;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;
import static dev.gramian.objectives.margin.loss.PairExpressions.scoreMargin;

/**
 * Anchored Preference Optimization, "down" variant (APO-down, D'Oosterlinck et al., 2024, Eq. 8):
 * {@code σ(β·rw) + 1 − σ(β·h)}, which pulls the chosen reward down and the rejected one down
 * further: for data whose chosen responses are worse than what the model already says. Bounded in
 * {@code (0, 2)}.
 *
 * @param beta inverse temperature, {@code > 0}
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record ApoDownLoss(double beta, FDivergence divergence) implements MarginLoss {
    public ApoDownLoss {
        Objects.requireNonNull(divergence, "divergence");
        requirePositive("beta", beta);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T chosen = a.sigmoid(a.scale(chosenLogRatio(a, pair), beta));
        T margin = a.sigmoid(a.scale(scoreMargin(a, pair, divergence), beta));
        return a.add(chosen, a.sub(a.constant(1), margin));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
