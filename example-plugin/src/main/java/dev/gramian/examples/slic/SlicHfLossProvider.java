package dev.gramian.examples.slic;

import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/**
 * Registers {@link SlicHfLoss} as the objective {@code slic-hf}. δ = 1 is the unit margin of SLiC's
 * rank calibration loss; λ = 0.1 is a starting point only: the paper tunes both per task.
 */
public final class SlicHfLossProvider implements PluginProvider<MarginLoss> {

    private static final PluginInfo INFO = new PluginInfo("slic-hf", PluginKind.OBJECTIVE,
            "SLiC-HF: max(0, delta - lw + ll) - lambda*lw on the policy's own log-likelihoods (example plugin)",
            OptionSpec.real("delta", 1.0, "margin by which lw should exceed ll").atLeast(0),
            OptionSpec.real("lambda", 0.1, "weight of the chosen response's negative log-likelihood").atLeast(0));

    /** Creates the provider; cheap, as every provider must be. */
    public SlicHfLossProvider() {
    }

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public MarginLoss create(Options options) {
        return new SlicHfLoss(options.real("delta"), options.real("lambda"));
    }
}
