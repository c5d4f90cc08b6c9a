package dev.gramian.examples.discopop;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

/**
 * DiscoPOP, the "log-ratio modulated" loss of Chris Lu et al., <i>Discovering Preference
 * Optimization Algorithms with and for Large Language Models</i> (arXiv 2406.08414, eq. 5), as TRL's
 * {@code loss_type="discopop"} computes it. With {@code x = β·h}, {@code h = (lw − ref_lw) − (ll −
 * ref_ll)} and {@code s = σ(x/τ)}:
 *
 * <pre>  loss = (1 − s)·(−log σ(x)) + s·e^(−x)</pre>
 *
 * a blend of DPO's logistic loss (for negative margins) and an exponential loss (for positive ones),
 * switched by a sigmoid of temperature τ. The naive form overflows for very negative margins, where
 * {@code e^(−x)} is huge and {@code s} is zero; here the second term is computed as
 * {@code e^(−x + log σ(x/τ))}, which tends to 0 for very negative margins as long as τ < 1; the
 * option is therefore limited to (0, 1) (TRL's default is 0.05).
 *
 * @param beta inverse temperature of the implicit reward, > 0
 * @param tau  temperature of the blending sigmoid, in (0, 1)
 */
public record DiscoPopLoss(double beta, double tau) implements MarginLoss {

    public DiscoPopLoss {
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number > 0, got " + beta);
        }
        if (!(tau > 0 && tau < 1)) {
            throw new IllegalArgumentException("tau must be in (0, 1), got " + tau);
        }
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public double rewardScale() {
        return beta;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T chosenReward = a.sub(pair.logpChosen(), pair.refLogpChosen());
        T rejectedReward = a.sub(pair.logpRejected(), pair.refLogpRejected());
        T x = a.scale(a.sub(chosenReward, rejectedReward), beta);
        T logistic = a.mul(a.sigmoid(a.scale(x, -1 / tau)), a.neg(a.logSigmoid(x)));
        T exponential = a.exp(a.add(a.neg(x), a.logSigmoid(a.scale(x, 1 / tau))));
        return a.add(logistic, exponential);
    }
}
