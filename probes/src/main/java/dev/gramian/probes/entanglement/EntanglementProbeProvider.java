package dev.gramian.probes.entanglement;

import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;
import dev.gramian.api.probe.GradientProbe;

/** Provides {@link EntanglementProbe} as probe {@code entanglement}. */
public final class EntanglementProbeProvider implements PluginProvider<GradientProbe> {
    private static final PluginInfo INFO = new PluginInfo("entanglement", PluginKind.PROBE,
            "per-pair chosen/rejected gradient cosines, entanglement cases, predicted vs realised log-prob changes",
            OptionSpec.integer("every", 10, "probe every this many steps").atLeast(1),
            OptionSpec.bool("rows", true, "also write one row per probe pair to entanglement-pairs.jsonl"));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public GradientProbe create(Options options) {
        return new EntanglementProbe(options.integer("every"), options.bool("rows"));
    }
}
