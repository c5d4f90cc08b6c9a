package dev.gramian.objectives.fish.rule;

import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;

import java.util.Map;
import java.util.Objects;

/**
 * Fish (Shi et al., ICLR 2022): inter-domain gradient matching by a first-order meta step. One call
 * does
 * <pre>
 *   θ̃ ← θ
 *   for d in order (k of the S domains, random or fixed):
 *       θ̃ ← θ̃ − α · dir_inner(∇ L_d(θ̃))        one minibatch of domain d
 *   θ ← θ + ε (θ̃ − θ)
 * </pre>
 * with α the inner step size ({@code inner_lr}, or the run's learning rate when that is 0) and ε
 * the meta step ({@code meta_lr}). Averaged over random orders, with SGD inside,
 * {@code E[θ̃ − θ] = −αS ∇[L_erm − (α(S−1)/4)·GIP] + O(α³)}: Fish follows IDGM with
 * {@code γ = α(S−1)/4}. The inner optimiser is a fresh plugin ({@code sgd} or {@code adam}) each
 * meta step, or one instance kept across meta steps when {@code persist_inner_state} is set (what
 * both public implementations do with their inner Adam). During the first {@code warmup_steps} steps the rule is ERM
 * with the outer optimiser; afterwards the outer optimiser is not used (the meta step is the
 * interpolation above, as in both public implementations).
 */
public final class FishRule implements DomainRule {

    /**
     * Fish's settings.
     *
     * @param metaStep          ε in (0, 1]
     * @param innerLearningRate α; 0 means the run's learning rate
     * @param innerOptimizer    optimiser plugin id for the inner loop
     * @param persistInnerState keep the inner optimiser's state across meta steps
     * @param order             which domains each meta step visits, and in what order
     * @param warmupSteps       initial ERM steps
     * @param innerOptions      options of the inner optimiser (e.g. {@code amsgrad=true}); empty for its defaults
     */
    public record Settings(double metaStep, double innerLearningRate, String innerOptimizer,
                           boolean persistInnerState, DomainOrder order, long warmupSteps,
                           Map<String, String> innerOptions) {
        public Settings {
            innerOptions = Map.copyOf(innerOptions);
            if (!(metaStep > 0 && metaStep <= 1)) {
                throw new IllegalArgumentException("meta step ε must be in (0, 1], got " + metaStep);
            }
            if (!(innerLearningRate >= 0) || Double.isInfinite(innerLearningRate)) {
                throw new IllegalArgumentException("inner learning rate must be finite and ≥ 0, got "
                        + innerLearningRate);
            }
            if (innerOptimizer == null || innerOptimizer.isBlank()) {
                throw new IllegalArgumentException("inner optimiser id is empty");
            }
            Objects.requireNonNull(order, "order");
            if (warmupSteps < 0) {
                throw new IllegalArgumentException("warm-up steps must be ≥ 0, got " + warmupSteps);
            }
        }
    }

    private final Settings settings;
    private final ErmRule warmup = new ErmRule();
    private Optimizer persistentInner;
    /** A restored inner state, applied when the persistent inner optimiser is created. */
    private OptimizerState restoredInner;

    public FishRule(Settings settings) {
        this.settings = settings;
    }

    @Override
    public double step(DomainLearner learner, Optimizer outer, double learningRate, long step) {
        if (step < settings.warmupSteps()) {
            return warmup.step(learner, outer, learningRate, step);
        }
        ParameterSet theta = learner.parameters();
        ParameterSet start = theta.copy();
        Optimizer inner = innerOptimizer(learner);
        double alpha = settings.innerLearningRate() > 0 ? settings.innerLearningRate() : learningRate;
        int[] domains = settings.order().draw(learner.domainCount(), step - settings.warmupSteps(),
                learner.random());
        double loss = 0;
        for (int d : domains) {
            LossGradient lg = learner.lossAndGradient(d);
            inner.step(theta, lg.gradient(), alpha);
            loss += lg.loss();
        }
        start.interpolateToward(theta, settings.metaStep());
        theta.copyFrom(start);
        return loss / domains.length;
    }

    private Optimizer innerOptimizer(DomainLearner learner) {
        if (!settings.persistInnerState()) {
            return learner.newOptimizer(settings.innerOptimizer(), settings.innerOptions());
        }
        if (persistentInner == null) {
            persistentInner = learner.newOptimizer(settings.innerOptimizer(), settings.innerOptions());
            if (restoredInner != null) {
                persistentInner.restore(restoredInner);
                restoredInner = null;
            }
        }
        return persistentInner;
    }

    /** The persistent inner optimiser's state; empty when it is not kept or has not stepped yet. */
    @Override
    public OptimizerState state() {
        return persistentInner == null ? OptimizerState.empty() : persistentInner.state();
    }

    @Override
    public void restore(OptimizerState state) {
        boolean empty = state.steps() == 0 && state.slots().isEmpty();
        if (!empty && !settings.persistInnerState()) {
            throw new IllegalArgumentException("fish without persist_inner_state keeps no inner state, but the "
                    + "checkpoint has " + state.slots().keySet());
        }
        if (persistentInner != null) {
            persistentInner.restore(state);
        } else {
            restoredInner = empty ? null : state;
        }
    }
}
