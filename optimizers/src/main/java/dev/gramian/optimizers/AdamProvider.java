package dev.gramian.optimizers;

import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.Options;

/** Provides {@code adam}: Adam with bias correction, weight decay as an L2 term in the gradient. */
public final class AdamProvider extends OptimizerProvider {

    /** Creates the provider; cheap, as the plugin catalog requires. */
    public AdamProvider() {
        super("adam", "Adam (Kingma & Ba) with bias correction; weight_decay adds an L2 term to the gradient",
                AdamOptimizer.Config.options(0, "L2 penalty coefficient added to the gradient (use adamw "
                        + "for decoupled decay)"));
    }

    @Override
    Optimizer build(Options options) {
        return new AdamOptimizer("adam", AdamOptimizer.Config.from(options, AdamOptimizer.WeightDecay.L2_IN_GRADIENT));
    }
}
