/**
 * Options shared by every command, as Picocli mixins on the root command whose options are
 * inherited by all subcommands: where to find plugin jars ({@code --plugin-path} and the
 * {@code GRAMIAN_PLUGIN_PATH} environment variable) and how much to say ({@code --verbose},
 * {@code --quiet}). The entry point reads them before it loads the plugin catalog.
 */
package dev.gramian.cli.option;
