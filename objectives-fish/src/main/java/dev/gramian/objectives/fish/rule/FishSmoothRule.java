package dev.gramian.objectives.fish.rule;

import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;

/**
 * Fish with an explicit matching strength γ. One call computes
 * <pre>
 *   G_erm  = ∇ L_erm(θ)                                     (next minibatch of every domain)
 *   θ̃ ← θ;  for d in a random order:  g_d = ∇ L_d(θ̃);  θ̃ ← θ̃ − α g_d
 *   G_fish = (1/S) Σ_d g_d                                   (gradients along the inner SGD path)
 *   θ ← θ − η · dir_outer(G_erm + γ (G_fish − G_erm))
 * </pre>
 * so γ = 0 is ERM and γ = 1 steps along Fish's direction {@code (θ − θ̃)/(αS)} with the outer
 * optimiser. Averaged over orders, {@code G_fish = ∇L_erm − (α(S−1)/4)·∇GIP + O(α²)}, so the step
 * follows IDGM's {@code ∇[L_erm − γ·(α(S−1)/4)·GIP]}: γ scales the gradient-matching term linearly.
 * Each step costs 2S minibatch gradients (S for G_erm, S along the path).
 */
public final class FishSmoothRule implements DomainRule {
    private final double gamma;
    private final double innerLearningRate;

    /**
     * @param gamma             γ ≥ 0
     * @param innerLearningRate α ≥ 0; 0 means the run's learning rate
     */
    public FishSmoothRule(double gamma, double innerLearningRate) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and ≥ 0, got " + gamma);
        }
        if (!(innerLearningRate >= 0) || Double.isInfinite(innerLearningRate)) {
            throw new IllegalArgumentException("inner learning rate must be finite and ≥ 0, got " + innerLearningRate);
        }
        this.gamma = gamma;
        this.innerLearningRate = innerLearningRate;
    }

    @Override
    public double step(DomainLearner learner, Optimizer outer, double learningRate, long step) {
        ParameterSet theta = learner.parameters();
        LossGradient erm = learner.unionLossAndGradient();
        ParameterSet start = theta.copy();
        ParameterSet fish = theta.zerosLike();
        double alpha = innerLearningRate > 0 ? innerLearningRate : learningRate;
        int[] domains = new DomainOrder(true, 0).draw(learner.domainCount(), step, learner.random());
        for (int d : domains) {
            ParameterSet g = learner.lossAndGradient(d).gradient();
            fish.addScaled(g, 1.0 / domains.length);
            theta.addScaled(g, -alpha);
        }
        theta.copyFrom(start);
        ParameterSet direction = erm.gradient().copy();
        direction.scale(1 - gamma);
        direction.addScaled(fish, gamma);
        outer.step(theta, direction, learningRate);
        return erm.loss();
    }
}
