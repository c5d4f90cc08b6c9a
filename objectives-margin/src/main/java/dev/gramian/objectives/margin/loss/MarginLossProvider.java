package dev.gramian.objectives.margin.loss;

import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

import java.util.Objects;
import java.util.function.Function;

/**
 * What every loss provider of this package shares: an {@link PluginKind#OBJECTIVE} info built once
 * and a factory from validated options to the loss record. The option specs used by several losses
 * are declared here once, so the same key has the same meaning and range everywhere.
 */
abstract class MarginLossProvider implements PluginProvider<MarginLoss> {
    private final PluginInfo info;
    private final Function<Options, MarginLoss> factory;

    MarginLossProvider(String id, String summary, Function<Options, MarginLoss> factory, OptionSpec... options) {
        this.info = new PluginInfo(id, PluginKind.OBJECTIVE, summary, options);
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public final PluginInfo info() {
        return info;
    }

    @Override
    public final MarginLoss create(Options options) {
        return factory.apply(options);
    }

    /** {@code beta > 0}: the inverse temperature of the implicit reward. */
    static OptionSpec beta(double defaultValue) {
        return OptionSpec.real("beta", defaultValue,
                "inverse temperature: scale of the margin (implicit reward beta*(logp - ref_logp))").greaterThan(0);
    }

    /** {@code label_smoothing}: the assumed probability that a preference label is flipped. */
    static OptionSpec labelSmoothing(double defaultValue, boolean halfAllowed) {
        OptionSpec spec = OptionSpec.real("label_smoothing", defaultValue,
                "assumed probability that a preference label is flipped").atLeast(0);
        return halfAllowed ? spec.atMost(0.5) : spec.lessThan(0.5);
    }

    /** {@code alpha >= 0} with a loss-specific meaning. */
    static OptionSpec alpha(double defaultValue, String description) {
        return OptionSpec.real("alpha", defaultValue, description).atLeast(0);
    }

    /** {@code lambda >= 0} with a loss-specific meaning. */
    static OptionSpec lambda(double defaultValue, String description) {
        return OptionSpec.real("lambda", defaultValue, description).atLeast(0);
    }
}
