package dev.gramian.cli.command;

import com.google.inject.Inject;
import dev.gramian.api.plugin.LoadedPlugin;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.wiring.ProcessStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code gramian plugins describe ID}: everything a user needs to choose and configure a plugin:
 * kind, summary, source, and each option's type, default, valid values and description. An id used
 * by plugins of several kinds describes each of them.
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Describe a plugin: kind, summary, source module and jar, and its options.")
final class PluginsDescribeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "The plugin id, as 'gramian plugins list' shows it.")
    private String id;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        PrintWriter out = streams.out();
        boolean first = true;
        for (LoadedPlugin plugin : catalog.findAnyKind(id)) {
            if (!first) {
                out.println();
            }
            first = false;
            out.printf("%s %s: %s%n", plugin.kind().label(), plugin.id(), plugin.info().summary());
            out.printf("source: %s%n", plugin.source());
            if (plugin.info().options().isEmpty()) {
                out.println("options: none");
                continue;
            }
            out.println("options (set with -O key=value):");
            for (OptionSpec option : plugin.info().options()) {
                out.printf("  %s  %s, default %s, %s%n      %s%n", option.key(),
                        option.type().name().toLowerCase(Locale.ROOT),
                        option.defaultValue().isEmpty() ? "\"\" (empty)" : option.defaultValue(),
                        option.validValues(), option.description());
            }
        }
        return 0;
    }
}
