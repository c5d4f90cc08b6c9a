package dev.gramian.cli.data;

import dev.gramian.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/** {@code gramian data}: groups the data commands. */
@Command(name = "data", mixinStandardHelpOptions = true, subcommands = DataFetchCommand.class,
        description = "Obtain the data files that data sets read.")
public final class DataCommand extends CommandGroup {
}
