package dev.gramian.cli.align;

import dev.gramian.cli.dg.DemoFishCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gramian demo}: groups the demos; run alone it is a usage error naming them. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        subcommands = {DemoAlignCommand.class, DemoEntanglementCommand.class, DemoFishCommand.class},
        description = "Self-contained demonstrations on built-in data, no download.")
public final class DemoCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command after '" + spec.qualifiedName()
                + "'; choose one of: " + String.join(", ", spec.subcommands().keySet()));
    }
}
