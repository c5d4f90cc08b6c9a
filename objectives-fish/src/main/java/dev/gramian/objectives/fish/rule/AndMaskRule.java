package dev.gramian.objectives.fish.rule;

import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;

import java.util.ArrayList;
import java.util.List;

/**
 * AND-mask (Parascandolo et al., ICLR 2021), as DomainBed implements it. With per-domain gradients
 * {@code g_1..g_S} at θ, for every parameter element the agreement is
 * {@code a = |(1/S) Σ_d sign(g_d)|} and the update direction is
 * <pre>
 *   m = 1[a ≥ τ] · (1/S) Σ_d g_d
 * </pre>
 * so τ = 1 keeps only elements on which every domain agrees in sign (k of S agreeing give
 * {@code a = |2k − S|/S}). With {@code rescale}, each parameter array's masked gradient is divided
 * by the fraction of its elements kept (DomainBed's choice, which keeps the step size comparable);
 * an array with nothing kept stays zero. Then {@code θ ← θ − η·dir_outer(m)}.
 */
public final class AndMaskRule implements DomainRule {
    private final double threshold;
    private final boolean rescale;

    /**
     * @param threshold τ in [0, 1]
     * @param rescale   divide each array by its kept fraction
     */
    public AndMaskRule(double threshold, boolean rescale) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold τ must be in [0, 1], got " + threshold);
        }
        this.threshold = threshold;
        this.rescale = rescale;
    }

    @Override
    public double step(DomainLearner learner, Optimizer outer, double learningRate, long step) {
        int s = learner.domainCount();
        List<ParameterSet> gradients = new ArrayList<>(s);
        double loss = 0;
        for (int d = 0; d < s; d++) {
            LossGradient lg = learner.lossAndGradient(d);
            gradients.add(lg.gradient());
            loss += lg.loss();
        }
        outer.step(learner.parameters(), masked(gradients), learningRate);
        return loss / s;
    }

    /** The masked mean of {@code gradients} (all of one layout). */
    ParameterSet masked(List<ParameterSet> gradients) {
        int s = gradients.size();
        ParameterSet result = gradients.get(0).zerosLike();
        for (ParameterSet.Parameter out : result.parameters()) {
            double[] m = out.values();
            int kept = 0;
            for (int i = 0; i < m.length; i++) {
                double sum = 0;
                double signs = 0;
                for (ParameterSet g : gradients) {
                    double v = g.values(out.name())[i];
                    sum += v;
                    signs += Math.signum(v);
                }
                if (Math.abs(signs) / s >= threshold) {
                    m[i] = sum / s;
                    kept++;
                }
            }
            if (rescale && kept > 0) {
                double factor = (double) m.length / kept;
                for (int i = 0; i < m.length; i++) {
                    m[i] *= factor;
                }
            }
        }
        return result;
    }
}
