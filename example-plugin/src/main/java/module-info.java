/**
 * An example third-party plugin: the SLiC-HF calibration loss, written against {@code dev.gramian.api}
 * alone. It is not on the command line's default module path; load it with
 * {@code gramian --plugin-path DIR}, where DIR holds this module's jar. docs/plugins.md walks
 * through it.
 */
module dev.gramian.examples.slic {
    requires dev.gramian.api;

    provides dev.gramian.api.plugin.PluginProvider with dev.gramian.examples.slic.SlicHfLossProvider;
}
