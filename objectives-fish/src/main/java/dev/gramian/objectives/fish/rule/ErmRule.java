package dev.gramian.objectives.fish.rule;

import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.LossGradient;

/**
 * Empirical risk minimisation: one optimiser step on the union of the next minibatch of every
 * training domain, {@code θ ← θ − η·dir(∇ (1/S) Σ_d L_d(θ))}, where {@code dir} is the outer
 * optimiser's update direction (the gradient itself for SGD).
 */
public final class ErmRule implements DomainRule {

    @Override
    public double step(DomainLearner learner, Optimizer outer, double learningRate, long step) {
        LossGradient union = learner.unionLossAndGradient();
        outer.step(learner.parameters(), union.gradient(), learningRate);
        return union.loss();
    }
}
