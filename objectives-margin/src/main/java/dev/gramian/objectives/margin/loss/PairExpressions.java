package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.PairTerms;

/**
 * The sub-expressions the losses of RESEARCH.md §1 share, written in the notation there:
 * {@code rw}, {@code rl}, {@code h}, per-token means and {@code NLL(y_w)}. A loss that takes a
 * {@link FDivergence} reads its log-ratios through the {@code *Score} expressions, so that the
 * divergence applies exactly where TRL applies it.
 */
final class PairExpressions {
    private PairExpressions() {
    }

    /** {@code rw = lw − log π_ref(y_w|x)}: the chosen response's log-ratio to the reference. */
    static <T> T chosenLogRatio(ScalarAlgebra<T> a, PairTerms<T> p) {
        return a.sub(p.logpChosen(), p.refLogpChosen());
    }

    /** {@code rl = ll − log π_ref(y_l|x)}. */
    static <T> T rejectedLogRatio(ScalarAlgebra<T> a, PairTerms<T> p) {
        return a.sub(p.logpRejected(), p.refLogpRejected());
    }

    /** {@code f(rw)}: the chosen response's log-ratio as {@code divergence} scores it (rw itself for DPO). */
    static <T> T chosenScore(ScalarAlgebra<T> a, PairTerms<T> p, FDivergence divergence) {
        return divergence.score(a, chosenLogRatio(a, p));
    }

    /** {@code f(rl)}. */
    static <T> T rejectedScore(ScalarAlgebra<T> a, PairTerms<T> p, FDivergence divergence) {
        return divergence.score(a, rejectedLogRatio(a, p));
    }

    /** {@code h = f(rw) − f(rl)}: the implicit-reward margin (before scaling by β); {@code rw − rl} for DPO. */
    static <T> T scoreMargin(ScalarAlgebra<T> a, PairTerms<T> p, FDivergence divergence) {
        return a.sub(chosenScore(a, p, divergence), rejectedScore(a, p, divergence));
    }

    /** {@code h̄ = f(rw)/|y_w| − f(rl)/|y_l|}: the margin of per-token scores. */
    static <T> T meanScoreMargin(ScalarAlgebra<T> a, PairTerms<T> p, FDivergence divergence) {
        return a.sub(a.div(chosenScore(a, p, divergence), p.lenChosen()),
                a.div(rejectedScore(a, p, divergence), p.lenRejected()));
    }

    /** {@code lw / |y_w|}: the chosen response's mean log-probability per token. */
    static <T> T chosenMeanLogp(ScalarAlgebra<T> a, PairTerms<T> p) {
        return a.div(p.logpChosen(), p.lenChosen());
    }

    /** {@code ll / |y_l|}. */
    static <T> T rejectedMeanLogp(ScalarAlgebra<T> a, PairTerms<T> p) {
        return a.div(p.logpRejected(), p.lenRejected());
    }

    /** {@code NLL(y_w) = −lw / |y_w|}: the SFT term on the chosen response. */
    static <T> T chosenNll(ScalarAlgebra<T> a, PairTerms<T> p) {
        return a.neg(chosenMeanLogp(a, p));
    }

    /** Returns {@code value}; throws unless it is finite and {@code > 0}. */
    static double requirePositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** Returns {@code value}; throws unless it is finite and {@code >= 0}. */
    static double requireNonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }
}
