package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.requireNonNegative;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;
import static dev.gramian.objectives.margin.loss.PairExpressions.scoreMargin;

/**
 * DPO-Positive (Smaug, Pal et al., 2024): {@code −log σ(β(h − λ·max(0, ref_lw − lw)))}, which
 * penalises the chosen log-probability falling below the reference model's.
 *
 * @param beta   inverse temperature, {@code > 0}
 * @param lambda weight of the penalty, {@code >= 0}
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record DpoPositiveLoss(double beta, double lambda, FDivergence divergence) implements MarginLoss {
    public DpoPositiveLoss {
        Objects.requireNonNull(divergence, "divergence");
        requirePositive("beta", beta);
        requireNonNegative("lambda", lambda);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T chosenDrop = a.relu(a.sub(pair.refLogpChosen(), pair.logpChosen()));
        T z = a.scale(a.sub(scoreMargin(a, pair, divergence), a.scale(chosenDrop, lambda)), beta);
        return a.neg(a.logSigmoid(z));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
