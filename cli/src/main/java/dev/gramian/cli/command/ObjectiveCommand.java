package dev.gramian.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gramian objective}: the group of commands that work with preference objectives directly. */
@Command(name = "objective", mixinStandardHelpOptions = true,
        description = "Work with margin-based preference objectives without a model.",
        subcommands = {ObjectiveEvalCommand.class})
final class ObjectiveCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand; choose one of: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
