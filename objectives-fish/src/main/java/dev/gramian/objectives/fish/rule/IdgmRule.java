package dev.gramian.objectives.fish.rule;

import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.LossGradient;

/**
 * Inter-domain gradient matching, optimised directly: one outer step on
 * {@code L_erm − γ·GIP}, {@code GIP = 2/(S(S−1)) Σ_{i<j} G_i·G_j}, with the exact second-order
 * gradient {@code ∇L_erm − γ·2/(S(S−1)) Σ_{i≠j} H_j G_i} from the learner (one minibatch per
 * domain). Returns that penalised loss. Needs a backend with second-order gradients.
 *
 * <p>The objective is unbounded below: growing every domain's gradient raises GIP without limit,
 * so too large a γ or step size diverges rather than converges. Measured with the TensorFlow CNN
 * on {@code cdsprites} (16×16, three domains): γ = 0.1 at step size 0.05 drove the penalised loss
 * from 0.57 to −10⁴ in six steps and to NaN in ten, while {@code L_erm} rose. Fish, its
 * first-order approximation, has no such failure mode.
 */
public final class IdgmRule implements DomainRule {
    private final double gamma;

    /** @param gamma γ ≥ 0, the weight of the gradient inner product */
    public IdgmRule(double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and ≥ 0, got " + gamma);
        }
        this.gamma = gamma;
    }

    @Override
    public double step(DomainLearner learner, Optimizer outer, double learningRate, long step) {
        LossGradient penalised = learner.gipPenalizedLossAndGradient(gamma);
        outer.step(learner.parameters(), penalised.gradient(), learningRate);
        return penalised.loss();
    }
}
