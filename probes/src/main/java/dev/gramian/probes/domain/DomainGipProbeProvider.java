package dev.gramian.probes.domain;

import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;
import dev.gramian.api.probe.GradientProbe;

/** Provides {@link DomainGipProbe} as probe {@code domain-gip}. */
public final class DomainGipProbeProvider implements PluginProvider<GradientProbe> {
    private static final PluginInfo INFO = new PluginInfo("domain-gip", PluginKind.PROBE,
            "per-domain gradient Gram matrix: mean inner product (GIP), mean cosine, entries",
            OptionSpec.integer("every", 10, "log every this many steps").atLeast(1),
            OptionSpec.bool("gram", true, "also log the S×S Gram entries gip/gram/<i>/<j>"));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public GradientProbe create(Options options) {
        return new DomainGipProbe(options.integer("every"), options.bool("gram"));
    }
}
