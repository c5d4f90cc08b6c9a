package dev.gramian.objectives.fish.train;

import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;

import java.util.Map;

/** θ ← θ − η g with a step counter: the only optimiser the trainer tests need. */
final class SgdOptimizer implements Optimizer {
    private long steps;

    static Optimizer create(String id, Map<String, String> options) {
        if (!id.equals("sgd") || !options.isEmpty()) {
            throw new IllegalArgumentException("the trainer tests provide only sgd with its defaults, asked for " + id
                    + " " + options);
        }
        return new SgdOptimizer();
    }

    @Override
    public void step(ParameterSet parameters, ParameterSet gradient, double learningRate) {
        parameters.addScaled(gradient, -learningRate);
        steps++;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(steps, Map.of());
    }

    @Override
    public void restore(OptimizerState state) {
        steps = state.steps();
    }
}
