package dev.gramian.cli.command;

import picocli.CommandLine.Command;

/** {@code gramian objective}: the group of commands that work with preference objectives directly. */
@Command(name = "objective", mixinStandardHelpOptions = true,
        description = "Work with margin-based preference objectives without a model.",
        subcommands = {ObjectiveEvalCommand.class})
public final class ObjectiveCommand extends CommandGroup {
}
