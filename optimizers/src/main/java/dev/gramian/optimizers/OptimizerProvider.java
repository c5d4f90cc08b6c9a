package dev.gramian.optimizers;

import dev.gramian.api.GramianException;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

import java.util.List;

/**
 * What the three optimiser providers share: a fixed {@link PluginInfo} of kind OPTIMIZER, and the
 * translation of a settings record's validation failure (an option combination the per-option
 * ranges cannot express, such as Nesterov without momentum) into a usage error naming the plugin.
 */
abstract class OptimizerProvider implements PluginProvider<Optimizer> {
    private final PluginInfo info;

    OptimizerProvider(String id, String summary, List<OptionSpec> options) {
        this.info = new PluginInfo(id, PluginKind.OPTIMIZER, summary, options);
    }

    @Override
    public final PluginInfo info() {
        return info;
    }

    @Override
    public final Optimizer create(Options options) {
        try {
            return build(options);
        } catch (IllegalArgumentException e) {
            throw GramianException.usage("optimizer '" + info.id() + "': " + e.getMessage());
        }
    }

    /** Builds the optimiser; a settings record rejecting the options throws IllegalArgumentException. */
    abstract Optimizer build(Options options);
}
