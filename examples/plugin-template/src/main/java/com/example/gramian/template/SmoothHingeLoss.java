package com.example.gramian.template;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

/**
 * A smooth hinge on the reference-relative margin h = (lw − ref_lw) − (ll − ref_ll):
 * {@code softplus(beta·(delta − h))}, which tends to {@code beta·max(0, delta − h)} and is stable at
 * any margin because softplus is.
 *
 * @param beta  temperature, &gt; 0
 * @param delta margin the policy should win by
 */
public record SmoothHingeLoss(double beta, double delta) implements MarginLoss {
    public SmoothHingeLoss {
        if (!(beta > 0) || !(delta >= 0)) {
            throw new IllegalArgumentException("beta must be > 0 and delta >= 0");
        }
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T h = a.sub(a.sub(pair.logpChosen(), pair.refLogpChosen()), a.sub(pair.logpRejected(), pair.refLogpRejected()));
        return a.softplus(a.scale(a.sub(a.constant(delta), h), beta));
    }

    /** The β of the rewards/* metrics; without this override they would use β = 1. */
    @Override
    public double rewardScale() {
        return beta;
    }
}
