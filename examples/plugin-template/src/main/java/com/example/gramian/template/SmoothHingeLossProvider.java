package com.example.gramian.template;

import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;

/** Registers {@link SmoothHingeLoss} as the objective {@code smooth-hinge}. */
public final class SmoothHingeLossProvider implements PluginProvider<MarginLoss> {
    private static final PluginInfo INFO = new PluginInfo("smooth-hinge", PluginKind.OBJECTIVE,
            "softplus(beta*(delta - h)) on the reference-relative margin h (template plugin)",
            OptionSpec.real("beta", 0.1, "temperature").greaterThan(0).atMost(100),
            OptionSpec.real("delta", 1.0, "margin the chosen response should win by").atLeast(0).atMost(1000));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public MarginLoss create(Options options) {
        return new SmoothHingeLoss(options.real("beta"), options.real("delta"));
    }
}
