/**
 * Picocli option mixins shared between commands. On the root command, inherited by all
 * subcommands: where to find plugin jars ({@code --plugin-path} and the
 * {@code GRAMIAN_PLUGIN_PATH} environment variable) and how much to say ({@code --verbose},
 * {@code --quiet}), which the entry point reads before it loads the plugin catalog. On the
 * training commands ({@code sft}, {@code align}, {@code dg}): the run directory and what to do with
 * a non-empty one ({@code --out}, {@code --resume}, {@code --force}); on the language-model commands the
 * backend's threads, the activation memory of one run and the precision of the matrix products
 * ({@code --threads}, {@code --activation-memory}, {@code --precision}).
 */
package dev.gramian.cli.option;
