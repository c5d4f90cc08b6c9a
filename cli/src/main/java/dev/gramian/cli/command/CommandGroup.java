package dev.gramian.cli.command;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: run on its own, it is a usage error naming them. */
public abstract class CommandGroup implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public final void run() {
        throw new ParameterException(spec.commandLine(), "missing command after '" + spec.qualifiedName()
                + "'; choose one of: " + String.join(", ", spec.subcommands().keySet()));
    }
}
