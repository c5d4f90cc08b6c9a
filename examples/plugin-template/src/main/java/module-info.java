/**
 * A template Gramian plugin: a margin loss, a domain rule and a probe. Registered twice, here for the
 * module path and in META-INF/services for the class path; `gramian plugins check` verifies both agree.
 */
module com.example.gramian.template {
    requires dev.gramian.api;

    provides dev.gramian.api.plugin.PluginProvider with
            com.example.gramian.template.SmoothHingeLossProvider,
            com.example.gramian.template.MomentumErmRuleProvider,
            com.example.gramian.template.LossSpreadProbeProvider;
}
