package dev.gramian.optimizers;

import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;

import java.util.List;

/**
 * Stochastic gradient descent. With weight decay λ the gradient becomes {@code d = g + λ·θ}; with
 * momentum μ &gt; 0 the slot {@code momentum} accumulates {@code b ← μ·b + d} (starting from zero, so
 * the first step uses {@code b = d}) and the step direction is {@code b}, or {@code d + μ·b} with
 * Nesterov momentum; then {@code θ ← θ − lr·direction}. Plain SGD (μ = 0) keeps no slots.
 */
final class SgdOptimizer implements Optimizer {

    /**
     * Validated SGD settings.
     *
     * @param momentum    μ in [0, 1); 0 is plain SGD
     * @param nesterov    use Nesterov's look-ahead direction; needs μ &gt; 0
     * @param weightDecay λ ≥ 0, an L2 term added to the gradient
     */
    record Config(double momentum, boolean nesterov, double weightDecay) {
        Config {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            if (nesterov && momentum == 0) {
                throw new IllegalArgumentException("nesterov=true needs momentum > 0");
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weight_decay must be finite and at least 0, got " + weightDecay);
            }
        }

        /** The options {@code sgd} declares. */
        static List<OptionSpec> options() {
            return List.of(
                    OptionSpec.real("momentum", 0, "momentum coefficient; 0 is plain SGD").atLeast(0).lessThan(1),
                    OptionSpec.bool("nesterov", false, "use Nesterov momentum (needs momentum > 0)"),
                    OptionSpec.real("weight_decay", 0, "L2 penalty coefficient added to the gradient").atLeast(0));
        }

        /** The settings {@code options} (declared by {@link #options}) describe. */
        static Config from(Options options) {
            return new Config(options.real("momentum"), options.bool("nesterov"), options.real("weight_decay"));
        }
    }

    private final Config config;
    private final SlotState state;

    SgdOptimizer(Config config) {
        this.config = config;
        this.state = new SlotState("sgd", config.momentum() > 0 ? List.of("momentum") : List.of());
    }

    @Override
    public void step(ParameterSet parameters, ParameterSet gradient, double learningRate) {
        List<ParameterSet> slots = state.beginStep(parameters, gradient, learningRate);
        List<ParameterSet.Parameter> thetas = parameters.parameters();
        List<ParameterSet.Parameter> grads = gradient.parameters();
        List<ParameterSet.Parameter> buffers = slots.isEmpty() ? List.of() : slots.get(0).parameters();
        double mu = config.momentum();
        double lambda = config.weightDecay();
        for (int k = 0; k < thetas.size(); k++) {
            double[] theta = thetas.get(k).values();
            double[] g = grads.get(k).values();
            double[] b = buffers.isEmpty() ? null : buffers.get(k).values();
            for (int i = 0; i < theta.length; i++) {
                double d = g[i] + lambda * theta[i];
                if (b != null) {
                    b[i] = mu * b[i] + d;
                    d = config.nesterov() ? d + mu * b[i] : b[i];
                }
                theta[i] -= learningRate * d;
            }
        }
        state.endStep();
    }

    @Override
    public OptimizerState state() {
        return state.snapshot();
    }

    @Override
    public void restore(OptimizerState saved) {
        state.restore(saved);
    }
}
