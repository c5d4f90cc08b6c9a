/**
 * The entry point of the {@code gramian} command: {@link dev.gramian.cli.Gramian} builds the Picocli
 * command tree under the root {@link dev.gramian.cli.GramianCommand}, one subpackage per command
 * group ({@code command} for the general commands, {@code align}, {@code dg}, {@code demo},
 * {@code bench}, {@code data}, {@code report}), loads the plugin catalog once the shared options of
 * {@code dev.gramian.cli.option} are parsed, lets Guice ({@code dev.gramian.cli.wiring}) inject the
 * chosen command, and turns every failure into one line on stderr and the exit code of its
 * {@link dev.gramian.api.GramianException.Category}. Only this package knows every group.
 */
package dev.gramian.cli;
