package com.example.gramian.template;

import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;
import dev.gramian.api.probe.GradientProbe;

/** Registers {@link LossSpreadProbe} as the probe {@code loss-spread}. */
public final class LossSpreadProbeProvider implements PluginProvider<GradientProbe> {
    private static final PluginInfo INFO = new PluginInfo("loss-spread", PluginKind.PROBE,
            "spread of the domains' losses and trace of their gradient Gram matrix (template plugin)",
            OptionSpec.integer("every", 10, "log every this many steps").atLeast(1));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public GradientProbe create(Options options) {
        return new LossSpreadProbe(options.integer("every"));
    }
}
