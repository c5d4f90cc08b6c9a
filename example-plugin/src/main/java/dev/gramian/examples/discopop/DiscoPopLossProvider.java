package dev.gramian.examples.discopop;

import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/**
 * Registers {@link DiscoPopLoss} as the objective {@code discopop}. Defaults follow TRL's
 * {@code DPOConfig}: {@code beta = 0.1}, {@code discopop_tau = 0.05}.
 */
public final class DiscoPopLossProvider implements PluginProvider<MarginLoss> {

    private static final PluginInfo INFO = new PluginInfo("discopop", PluginKind.OBJECTIVE,
            "DiscoPOP: logistic loss blended into an exponential loss by a sigmoid of the margin (example plugin)",
            OptionSpec.real("beta", 0.1, "inverse temperature of the implicit reward").greaterThan(0),
            OptionSpec.real("tau", 0.05, "temperature of the sigmoid that blends the two losses")
                    .greaterThan(0).lessThan(1));

    /** Creates the provider; cheap, as every provider must be. */
    public DiscoPopLossProvider() {
    }

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public MarginLoss create(Options options) {
        return new DiscoPopLoss(options.real("beta"), options.real("tau"));
    }
}
