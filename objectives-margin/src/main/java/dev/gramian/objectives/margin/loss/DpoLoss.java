package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.Objects;

import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;
import static dev.gramian.objectives.margin.loss.PairExpressions.scoreMargin;

/**
 * Direct Preference Optimization (Rafailov et al., 2023), with the conservative label smoothing of
 * cDPO: {@code −(1−ε)·log σ(βh) − ε·log σ(−βh)}, {@code h = rw − rl}.
 *
 * @param beta           inverse temperature, {@code > 0}
 * @param labelSmoothing flip probability ε in {@code [0, 0.5]}
 * @param divergence     the f-divergence whose scores replace the log-ratios (DPO: reverse KL)
 */
public record DpoLoss(double beta, double labelSmoothing, FDivergence divergence) implements MarginLoss {
    public DpoLoss {
        Objects.requireNonNull(divergence, "divergence");
        requirePositive("beta", beta);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 0.5)) {
            throw new IllegalArgumentException("label_smoothing must be in [0, 0.5], got " + labelSmoothing);
        }
    }

    /** DPO itself: the reverse KL divergence. */
    public DpoLoss(double beta, double labelSmoothing) {
        this(beta, labelSmoothing, FDivergence.REVERSE_KL);
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T z = a.scale(scoreMargin(a, pair, divergence), beta);
        T agree = a.scale(a.logSigmoid(z), 1 - labelSmoothing);
        T flipped = a.scale(a.logSigmoid(a.neg(z)), labelSmoothing);
        return a.neg(a.add(agree, flipped));
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
