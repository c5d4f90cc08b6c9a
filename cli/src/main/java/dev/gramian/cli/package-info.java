/**
 * The entry point of the {@code gramian} command: {@link dev.gramian.cli.Gramian} builds the Picocli
 * command tree from {@code dev.gramian.cli.command}, loads the plugin catalog once the shared
 * options of {@code dev.gramian.cli.option} are parsed, lets Guice ({@code dev.gramian.cli.wiring})
 * inject the chosen command, and turns every failure into one line on stderr and the exit code of
 * its {@link dev.gramian.api.GramianException.Category}.
 */
package dev.gramian.cli;
