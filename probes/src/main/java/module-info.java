/**
 * Gradient probes: plugins that read the gradient geometry trainers compute and emit named
 * metrics without changing training. Depends on the api only.
 */
module dev.gramian.probes {
    requires dev.gramian.api;

    // The metric and column names the entanglement probe writes, for the commands that read them back.
    exports dev.gramian.probes.entanglement;

    provides dev.gramian.api.plugin.PluginProvider with
            dev.gramian.probes.domain.DomainGipProbeProvider,
            dev.gramian.probes.entanglement.EntanglementProbeProvider,
            dev.gramian.probes.entanglement.TokenEntanglementProbeProvider;
}
