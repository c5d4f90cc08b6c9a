package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenMeanLogp;
import static dev.gramian.objectives.margin.loss.PairExpressions.chosenNll;
import static dev.gramian.objectives.margin.loss.PairExpressions.rejectedMeanLogp;
import static dev.gramian.objectives.margin.loss.PairExpressions.requireNonNegative;

/**
 * Odds-Ratio Preference Optimization (ORPO, Hong et al., 2024), reference-free:
 * {@code NLL(y_w) − λ·log σ(log odds_w − log odds_l)} with {@code odds = p/(1−p)} and
 * {@code p = exp(l/|y|)} the per-token geometric-mean probability. {@code log(1−p)} is computed as
 * {@code log1mExp(l/|y|)}, so very likely responses do not round {@code 1−p} to 0. The odds of a
 * response the model is certain of ({@code l = 0}, which float32 log-softmax does produce) are
 * infinite, so {@code l/|y|} is capped at {@code -1e-30} inside the odds: the loss stays
 * finite, and there the odds term no longer depends on that log-probability.
 *
 * @param lambda weight of the odds-ratio term, {@code >= 0}
 */
public record OrpoLoss(double lambda) implements MarginLoss {
    /** The largest per-token mean log-probability the odds see; also representable in float32. */
    static final double MAX_MEAN_LOGP = -1e-30;

    public OrpoLoss {
        requireNonNegative("lambda", lambda);
    }

    @Override
    public boolean usesReference() {
        return false;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T logOddsRatio = a.sub(logOdds(a, chosenMeanLogp(a, pair)), logOdds(a, rejectedMeanLogp(a, pair)));
        return a.sub(chosenNll(a, pair), a.scale(a.logSigmoid(logOddsRatio), lambda));
    }

    /** {@code log(p/(1−p))} from {@code log p}, with {@code log p} capped at {@link #MAX_MEAN_LOGP}. */
    private static <T> T logOdds(ScalarAlgebra<T> a, T logp) {
        T capped = a.sub(logp, a.relu(a.sub(logp, a.constant(MAX_MEAN_LOGP))));
        return a.sub(capped, a.log1mExp(capped));
    }
}
