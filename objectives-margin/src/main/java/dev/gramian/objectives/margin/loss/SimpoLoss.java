package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenMeanLogp;
import static dev.gramian.objectives.margin.loss.PairExpressions.rejectedMeanLogp;
import static dev.gramian.objectives.margin.loss.PairExpressions.requireNonNegative;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * Simple Preference Optimization (SimPO, Meng et al., 2024), reference-free:
 * {@code −log σ(β(lw/|y_w| − ll/|y_l|) − γ)}. Here γ is the margin itself, not TRL's
 * {@code gamma_beta_ratio} (which is γ/β).
 *
 * @param beta  scale of the per-token margin, {@code > 0}
 * @param gamma target reward margin, {@code >= 0}
 */
public record SimpoLoss(double beta, double gamma) implements MarginLoss {
    public SimpoLoss {
        requirePositive("beta", beta);
        requireNonNegative("gamma", gamma);
    }

    @Override
    public boolean usesReference() {
        return false;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T meanMargin = a.sub(chosenMeanLogp(a, pair), rejectedMeanLogp(a, pair));
        return a.neg(a.logSigmoid(a.sub(a.scale(meanMargin, beta), a.constant(gamma))));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
