package dev.gramian.cli.command;

import picocli.CommandLine.Command;

/** {@code gramian plugins}: the group of commands that show what plugins are available and check plugin jars. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List, describe and check the plugins found on the module path and the plugin path.",
        subcommands = {PluginsListCommand.class, PluginsDescribeCommand.class, PluginsCheckCommand.class})
public final class PluginsCommand extends CommandGroup {
}
