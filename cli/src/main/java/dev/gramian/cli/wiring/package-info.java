/**
 * Guice wiring, kept inside the command line: {@link dev.gramian.cli.wiring.GramianModule} binds the
 * loaded {@link dev.gramian.api.plugin.PluginCatalog}, the process streams, and for every plugin
 * kind a map from id to plugin (a {@code MapBinder} qualified by {@code @Named(kind.label())}).
 * Plugins themselves never see Guice; they are plain {@code ServiceLoader} providers.
 */
package dev.gramian.cli.wiring;
