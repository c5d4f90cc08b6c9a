package dev.gramian.objectives.margin.loss;

import dev.gramian.api.plugin.OptionSpec;

/** The {@code discopop} objective: {@link DiscoPopLoss}. */
public final class DiscoPopLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public DiscoPopLossProvider() {
        super("discopop", "DiscoPOP: DPO's logistic loss blended into exp(-beta*h) by sigmoid(beta*h/tau)",
                options -> new DiscoPopLoss(options.real("beta"), options.real("tau"), divergenceOf(options)),
                withDivergence(beta(0.1), OptionSpec.real("tau", 0.05,
                        "temperature of the sigmoid that blends the two losses").greaterThan(0).lessThan(1)));
    }
}
