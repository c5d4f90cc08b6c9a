package dev.gramian.objectives.margin.loss;

import dev.gramian.api.objective.Objective;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every loss provider of this package shares: an {@link PluginKind#OBJECTIVE} info built once
 * and a factory from validated options to the loss record (a margin loss, or a batch loss). The option specs used by several losses
 * are declared here once, so the same key has the same meaning and range everywhere.
 */
abstract class MarginLossProvider implements PluginProvider<Objective> {
    private final PluginInfo info;
    private final Function<Options, Objective> factory;

    MarginLossProvider(String id, String summary, Function<Options, Objective> factory, OptionSpec... options) {
        this.info = new PluginInfo(id, PluginKind.OBJECTIVE, summary, options);
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public final PluginInfo info() {
        return info;
    }

    @Override
    public final Objective create(Options options) {
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

    /**
     * {@code divergence} and {@code divergence_alpha}: the {@link FDivergence} whose scores replace the
     * log-ratios, for the losses that take one (TRL's {@code f_divergence_type} and
     * {@code f_alpha_divergence_coef}; {@code alpha} is taken by other losses' options).
     */
    static OptionSpec[] divergence() {
        return new OptionSpec[] {
            OptionSpec.choice("divergence", FDivergence.Type.REVERSE_KL.label(),
                    "f-divergence to the reference whose f'(pi/pi_ref) replaces the log-ratio (reverse_kl: DPO)",
                    FDivergence.Type.labels()),
            OptionSpec.real("divergence_alpha", 0.5, "alpha of divergence=alpha: f'(t) = (t^(alpha-1) - 1)/(alpha-1)")
        };
    }

    /** The {@link FDivergence} that {@link #divergence()}'s options select. */
    static FDivergence divergenceOf(Options options) {
        return new FDivergence(FDivergence.Type.fromLabel(options.string("divergence")),
                options.real("divergence_alpha"));
    }

    /** {@code options} followed by {@link #divergence()}'s. */
    static OptionSpec[] withDivergence(OptionSpec... options) {
        OptionSpec[] all = Arrays.copyOf(options, options.length + 2);
        System.arraycopy(divergence(), 0, all, options.length, 2);
        return all;
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
