package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.requireNonNegative;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;
import static dev.gramian.objectives.margin.loss.PairExpressions.scoreMargin;

/**
 * Length-regularised DPO (R-DPO, Park et al., 2024): {@code −log σ(βh − α(|y_w| − |y_l|))}, which
 * stops the margin from being won by making the chosen response longer.
 *
 * @param beta  inverse temperature, {@code > 0}
 * @param alpha weight of the length difference, {@code >= 0}
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record LengthRegularizedDpoLoss(double beta, double alpha, FDivergence divergence) implements MarginLoss {
    public LengthRegularizedDpoLoss {
        Objects.requireNonNull(divergence, "divergence");
        requirePositive("beta", beta);
        requireNonNegative("alpha", alpha);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T lengthGap = a.sub(pair.lenChosen(), pair.lenRejected());
        T z = a.sub(a.scale(scoreMargin(a, pair, divergence), beta), a.scale(lengthGap, alpha));
        return a.neg(a.logSigmoid(z));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
