package dev.gramian.optimizers;

import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.Options;

/** Provides {@code adamw}: Adam with weight decay decoupled from the gradient (Loshchilov and Hutter). */
public final class AdamWProvider extends OptimizerProvider {

    /** Creates the provider; cheap, as the plugin catalog requires. */
    public AdamWProvider() {
        super("adamw", "AdamW (Loshchilov & Hutter): Adam with decoupled weight decay",
                AdamOptimizer.Config.options(0.01, "decoupled decay: lr * weight_decay * theta is subtracted "
                        + "from the parameters each step"));
    }

    @Override
    Optimizer build(Options options) {
        return new AdamOptimizer("adamw", AdamOptimizer.Config.from(options, AdamOptimizer.WeightDecay.DECOUPLED));
    }
}
