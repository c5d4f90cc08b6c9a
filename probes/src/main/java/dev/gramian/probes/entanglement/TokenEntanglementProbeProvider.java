package dev.gramian.probes.entanglement;

import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;
import dev.gramian.api.probe.GradientProbe;

/** Provides {@link TokenEntanglementProbe} as probe {@code token-entanglement}. */
public final class TokenEntanglementProbeProvider implements PluginProvider<GradientProbe> {
    private static final PluginInfo INFO = new PluginInfo("token-entanglement", PluginKind.PROBE,
            "token × token gradient cosines of a few probe pairs and each token's share of <g_w, g_l>",
            OptionSpec.integer("every", 50, "probe every this many steps").atLeast(1),
            OptionSpec.integer("pairs", 2, "how many probe pairs to map (one backward pass per token each)")
                    .atLeast(1));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public GradientProbe create(Options options) {
        return new TokenEntanglementProbe(options.integer("every"), options.integer("pairs"));
    }
}
