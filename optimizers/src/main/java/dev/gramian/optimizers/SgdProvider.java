package dev.gramian.optimizers;

import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.Options;

/** Provides {@code sgd}: stochastic gradient descent with optional (Nesterov) momentum and weight decay. */
public final class SgdProvider extends OptimizerProvider {

    /** Creates the provider; cheap, as the plugin catalog requires. */
    public SgdProvider() {
        super("sgd", "stochastic gradient descent with optional (Nesterov) momentum and L2 weight decay",
                SgdOptimizer.Config.options());
    }

    @Override
    Optimizer build(Options options) {
        return new SgdOptimizer(SgdOptimizer.Config.from(options));
    }
}
