package dev.gramian.plugin.testkit;

import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerFactory;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The resume contract of optimisers and domain rules: a fresh instance given {@code restore(state())}
 * and the same parameters continues bit for bit; an optimiser leaves the gradient alone and hands out
 * its state as a copy.
 */
final class ResumableChecks {
    private static final int BEFORE = 3;
    private static final int AFTER = 4;
    private static final double LEARNING_RATE = 0.01;

    private ResumableChecks() {
    }

    static List<Finding> optimizer(String subject, Supplier<Optimizer> fresh) {
        Optimizer first = fresh.get();
        ParameterSet theta = QuadraticDomains.initialParameters();
        for (int t = 0; t < BEFORE; t++) {
            first.step(theta, QuadraticDomains.gradientAt(theta, t), LEARNING_RATE);
        }
        OptimizerState saved = first.state();
        String savedText = describe(saved);
        ParameterSet resumedTheta = theta.copy();
        boolean gradientUntouched = true;
        for (int t = BEFORE; t < BEFORE + AFTER; t++) {
            ParameterSet gradient = QuadraticDomains.gradientAt(theta, t);
            ParameterSet before = gradient.copy();
            first.step(theta, gradient, LEARNING_RATE);
            gradientUntouched &= bitwiseEqual(before, gradient);
        }
        Finding copy = savedText.equals(describe(saved))
                ? Finding.pass(subject, "state() is a copy", "")
                : Finding.fail(subject, "state() is a copy", "the state returned after " + BEFORE
                        + " steps changed when the optimiser stepped on; return a deep copy");
        Finding untouched = gradientUntouched ? Finding.pass(subject, "leaves the gradient untouched", "")
                : Finding.fail(subject, "leaves the gradient untouched", "step(...) changed the gradient it was given");
        String check = "state()/restore() resumes bit for bit";
        Finding roundTrip;
        try {
            Optimizer second = fresh.get();
            second.restore(saved);
            for (int t = BEFORE; t < BEFORE + AFTER; t++) {
                second.step(resumedTheta, QuadraticDomains.gradientAt(resumedTheta, t), LEARNING_RATE);
            }
            roundTrip = bitwiseEqual(theta, resumedTheta) ? Finding.pass(subject, check, BEFORE + " steps, restore, "
                    + AFTER + " more")
                    : Finding.fail(subject, check, "after restoring the state of step " + BEFORE + " and " + AFTER
                            + " more steps the parameters differ: " + firstDifference(theta, resumedTheta)
                            + "; keep everything that influences later steps in state()");
        } catch (RuntimeException e) {
            roundTrip = Finding.fail(subject, check, "restore(state()) on a fresh instance threw " + e);
        }
        return List.of(roundTrip, copy, untouched);
    }

    static List<Finding> domainRule(String subject, Supplier<DomainRule> fresh,
                                    OptimizerFactory optimizers) {
        String check = "state()/restore() resumes bit for bit";
        try {
            DomainRule first = fresh.get();
            var learner = new QuadraticDomains(optimizers);
            var outer = new PlainSgd();
            for (int t = 0; t < BEFORE; t++) {
                first.step(learner, outer, LEARNING_RATE, t);
            }
            OptimizerState saved = first.state();
            var resumedLearner = learner.copy();
            double[] losses = new double[AFTER];
            for (int t = 0; t < AFTER; t++) {
                losses[t] = first.step(learner, outer, LEARNING_RATE, BEFORE + t);
            }
            DomainRule second = fresh.get();
            second.restore(saved);
            double[] resumedLosses = new double[AFTER];
            for (int t = 0; t < AFTER; t++) {
                resumedLosses[t] = second.step(resumedLearner, outer, LEARNING_RATE, BEFORE + t);
            }
            if (!Arrays.stream(losses).allMatch(Double::isFinite)) {
                return List.of(Finding.fail(subject, "finite losses", "losses " + Arrays.toString(losses)
                        + " on three quadratic domains"));
            }
            if (!bitwiseEqual(learner.parameters(), resumedLearner.parameters())
                    || !Arrays.equals(losses, resumedLosses)) {
                return List.of(Finding.fail(subject, check, "after restoring the state of step " + BEFORE + " and "
                        + AFTER + " more steps: " + firstDifference(learner.parameters(), resumedLearner.parameters())
                        + ", losses " + Arrays.toString(losses) + " vs " + Arrays.toString(resumedLosses)
                        + "; return everything that influences later steps from state()"));
            }
            return List.of(Finding.pass(subject, check, BEFORE + " steps, restore, " + AFTER
                    + " more on three quadratic domains"));
        } catch (UnsupportedOperationException e) {
            return List.of(Finding.pass(subject, check, "not checked: the rule needs " + e.getMessage()));
        } catch (RuntimeException e) {
            return List.of(Finding.fail(subject, check, "threw " + e));
        }
    }

    static boolean bitwiseEqual(ParameterSet a, ParameterSet b) {
        if (!a.names().equals(b.names())) {
            return false;
        }
        for (String name : a.names()) {
            if (!Arrays.equals(a.values(name), b.values(name))) {
                return false;
            }
        }
        return true;
    }

    private static String firstDifference(ParameterSet a, ParameterSet b) {
        for (String name : a.names()) {
            double[] x = a.values(name);
            double[] y = b.values(name);
            for (int i = 0; i < x.length; i++) {
                if (Double.compare(x[i], y[i]) != 0) {
                    return name + "[" + i + "] " + x[i] + " vs " + y[i];
                }
            }
        }
        return "the layouts differ";
    }

    private static String describe(OptimizerState state) {
        StringBuilder text = new StringBuilder().append(state.steps());
        state.slots().forEach((slot, values) -> {
            text.append(slot);
            for (String name : values.names()) {
                text.append(name).append(Arrays.toString(values.values(name)));
            }
        });
        return text.toString();
    }

    /** The outer optimiser of the domain-rule check: stateless, so only the rule's state matters. */
    static final class PlainSgd implements Optimizer {
        @Override
        public void step(ParameterSet parameters, ParameterSet gradient, double learningRate) {
            parameters.addScaled(gradient, -learningRate);
        }

        @Override
        public OptimizerState state() {
            return OptimizerState.empty();
        }

        @Override
        public void restore(OptimizerState state) {
            if (!state.isEmpty()) {
                throw new IllegalArgumentException("plain SGD keeps no state");
            }
        }
    }
}
