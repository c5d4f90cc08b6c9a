package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;
import static dev.gramian.objectives.margin.loss.PairExpressions.scoreMargin;

/**
 * DiscoPOP, the log-ratio modulated loss of Lu et al., 2024 (Eq. 5; TRL's {@code discopop}). With
 * {@code x = β·h} and {@code s = σ(x/τ)}: {@code (1 − s)·(−log σ(x)) + s·e^(−x)}, DPO's logistic loss
 * for negative margins blended into an exponential loss for positive ones. The exponential term is
 * computed as {@code e^(−x + log σ(x/τ))}, which tends to 0 for very negative margins when
 * {@code τ < 1}; hence τ is limited to {@code (0, 1)} (the paper's value is 0.05).
 *
 * @param beta inverse temperature, {@code > 0}
 * @param tau  temperature of the blending sigmoid, in {@code (0, 1)}
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record DiscoPopLoss(double beta, double tau, FDivergence divergence) implements MarginLoss {
    public DiscoPopLoss {
        Objects.requireNonNull(divergence, "divergence");
        requirePositive("beta", beta);
        if (!(tau > 0 && tau < 1)) {
            throw new IllegalArgumentException("tau must be in (0, 1), got " + tau);
        }
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T x = a.scale(scoreMargin(a, pair, divergence), beta);
        T logistic = a.mul(a.sigmoid(a.scale(x, -1 / tau)), a.neg(a.logSigmoid(x)));
        T exponential = a.exp(a.sub(a.logSigmoid(a.scale(x, 1 / tau)), x));
        return a.add(logistic, exponential);
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
