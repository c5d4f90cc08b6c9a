/**
 * The general commands, one class each, named after what they do: {@code gramian env},
 * {@code gramian plugins list|describe}, {@code gramian objective eval}, {@code gramian completion};
 * and what every command group shares: {@link dev.gramian.cli.command.CommandGroup}, the base of a
 * command that only groups subcommands, and {@code --version}. Picocli creates the commands and fills
 * their options; Guice then injects what they need from {@code dev.gramian.cli.wiring}. They write
 * results to stdout and report failures by throwing {@link dev.gramian.api.GramianException};
 * printing errors is the entry point's job.
 */
package dev.gramian.cli.command;
