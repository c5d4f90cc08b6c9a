package com.example.gramian.template;

import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;

import java.util.Map;

/**
 * ERM on the pooled domains, stepping along a momentum buffer {@code m ← mu·m + g} that the rule
 * keeps: state() hands it to the checkpoint and restore() takes it back, so --resume continues exactly.
 */
public final class MomentumErmRule implements DomainRule {
    private static final String SLOT = "momentum";
    private final double mu;
    private ParameterSet momentum;
    private long steps;

    /** A rule with momentum coefficient {@code mu} in [0, 1). */
    public MomentumErmRule(double mu) {
        this.mu = mu;
    }

    @Override
    public double step(DomainLearner learner, Optimizer outer, double learningRate, long step) {
        LossGradient union = learner.unionLossAndGradient();
        if (momentum == null) {
            momentum = union.gradient().zerosLike();
        }
        momentum.scale(mu);
        momentum.addScaled(union.gradient(), 1.0);
        outer.step(learner.parameters(), momentum, learningRate);
        steps++;
        return union.loss();
    }

    @Override
    public OptimizerState state() {
        return momentum == null ? new OptimizerState(steps, Map.of())
                : new OptimizerState(steps, Map.of(SLOT, momentum.copy()));
    }

    @Override
    public void restore(OptimizerState state) {
        if (!state.slots().keySet().stream().allMatch(SLOT::equals)) {
            throw new IllegalArgumentException("momentum-erm keeps only '" + SLOT + "', not " + state.slots().keySet());
        }
        steps = state.steps();
        momentum = state.slots().containsKey(SLOT) ? state.slots().get(SLOT).copy() : null;
    }
}
