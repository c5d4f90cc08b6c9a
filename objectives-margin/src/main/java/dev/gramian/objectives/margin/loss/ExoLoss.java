package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;
import static dev.gramian.objectives.margin.loss.PairExpressions.scoreMargin;

/**
 * EXO for pairs (Ji et al., 2024, Eq. 16; TRL's {@code exo_pair}): the reverse KL divergence from the
 * policy's implicit preference {@code q = (σ(βh), σ(−βh))} to the smoothed label
 * {@code p = (1−ε, ε)}, {@code q_w·(log q_w − log(1−ε)) + q_l·(log q_l − log ε)}. Unlike DPO it is
 * mode-seeking: it stops pushing once the implicit preference matches {@code 1−ε}.
 *
 * @param beta           inverse temperature, {@code > 0}
 * @param labelSmoothing ε in {@code (0, 0.5)}: {@code log ε} must exist, and ε = 0.5 would make the label uninformative
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record ExoLoss(double beta, double labelSmoothing, FDivergence divergence) implements MarginLoss {
    public ExoLoss {
        Objects.requireNonNull(divergence, "divergence");
        requirePositive("beta", beta);
        if (!(labelSmoothing > 0 && labelSmoothing < 0.5)) {
            throw new IllegalArgumentException("label_smoothing must be in (0, 0.5), got " + labelSmoothing);
        }
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T z = a.scale(scoreMargin(a, pair, divergence), beta);
        T agree = a.mul(a.sigmoid(z), a.sub(a.logSigmoid(z), a.constant(Math.log1p(-labelSmoothing))));
        T flipped = a.mul(a.sigmoid(a.neg(z)), a.sub(a.logSigmoid(a.neg(z)), a.constant(Math.log(labelSmoothing))));
        return a.add(agree, flipped);
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
