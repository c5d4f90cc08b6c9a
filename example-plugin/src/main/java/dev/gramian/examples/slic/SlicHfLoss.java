package dev.gramian.examples.slic;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

/**
 * SLiC-HF, the sequence likelihood calibration loss of Zhao et al., <i>SLiC-HF: Sequence Likelihood
 * Calibration with Human Feedback</i> (arXiv 2305.10425, Eq. 4), in its "direct" form on preference
 * pairs: a hinge on the policy's own sequence log-likelihoods, with the chosen response's
 * cross-entropy as the regulariser that keeps the model close to its fine-tuning targets,
 *
 * <pre>  loss = max(0, δ − lw + ll) − λ·lw</pre>
 *
 * with {@code lw}, {@code ll} the summed log-probabilities of the chosen and rejected responses. No
 * reference model: unlike the built-in {@code hinge} (the RSO form of TRL, a hinge on reference
 * log-ratios), the calibration term works on raw likelihoods and the regulariser replaces the
 * reference. Linear in the log-probabilities on either side of the kink, so stable for any margin.
 *
 * @param delta  the margin δ by which the chosen log-likelihood should exceed the rejected one, >= 0
 * @param lambda the weight λ of the chosen response's negative log-likelihood, >= 0
 */
public record SlicHfLoss(double delta, double lambda) implements MarginLoss {

    public SlicHfLoss {
        if (!(delta >= 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be a finite number >= 0, got " + delta);
        }
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
        }
    }

    @Override
    public boolean usesReference() {
        return false;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T shortfall = a.sub(a.constant(delta), a.sub(pair.logpChosen(), pair.logpRejected()));
        T regulariser = a.scale(pair.logpChosen(), -lambda);
        return a.add(a.relu(shortfall), regulariser);
    }
}
