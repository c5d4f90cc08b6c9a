package dev.gramian.cli.demo;

import dev.gramian.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/** {@code gramian demo}: groups the demos; run alone it is a usage error naming them. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        subcommands = {DemoAlignCommand.class, DemoEntanglementCommand.class, DemoFishCommand.class},
        description = "Self-contained demonstrations on built-in data, no download.")
public final class DemoCommand extends CommandGroup {
}
