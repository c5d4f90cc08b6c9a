package dev.gramian.objectives.margin.loss;

import dev.gramian.api.plugin.OptionSpec;

/** The {@code simpo} objective: {@link SimpoLoss}. */
public final class SimpoLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public SimpoLossProvider() {
        super("simpo", "SimPO: reference-free -log sigmoid(beta*(per-token logp margin) - gamma)",
                options -> new SimpoLoss(options.real("beta"), options.real("gamma")),
                beta(2.0),
                OptionSpec.real("gamma", 0.5, "target reward margin subtracted inside the sigmoid").atLeast(0));
    }
}
