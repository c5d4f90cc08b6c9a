/**
 * Guice wiring, kept inside the command line: {@link dev.gramian.cli.wiring.GramianModule} binds the
 * loaded {@link dev.gramian.api.plugin.PluginCatalog}, the process streams, the root command's
 * verbosity flags and the progress display built from them, so that no command reaches for the root
 * command. Plugins themselves never see Guice; they are plain {@code ServiceLoader} providers.
 */
package dev.gramian.cli.wiring;
