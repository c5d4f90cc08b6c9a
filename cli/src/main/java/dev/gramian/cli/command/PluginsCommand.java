package dev.gramian.cli.command;

import picocli.CommandLine.Command;

/** {@code gramian plugins}: the group of commands that show what plugins are available. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List and describe the plugins found on the module path and the plugin path.",
        subcommands = {PluginsListCommand.class, PluginsDescribeCommand.class})
public final class PluginsCommand extends CommandGroup {
}
