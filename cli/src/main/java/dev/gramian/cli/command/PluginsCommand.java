package dev.gramian.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gramian plugins}: the group of commands that show what plugins are available. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List and describe the plugins found on the module path and the plugin path.",
        subcommands = {PluginsListCommand.class, PluginsDescribeCommand.class})
final class PluginsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand; choose one of: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
