package dev.gramian.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.plugin.LoadedPlugin;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.api.plugin.PluginKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian plugins describe ID}: everything a user needs to choose and configure a plugin:
 * kind, summary, source, and each option's type, default, valid values and description; for a loss,
 * whether it reads the reference model and its reward scale β (creating the loss with its defaults,
 * which loads nothing native). An id used by plugins of several kinds describes each of them.
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Describe a plugin: kind, summary, source module and jar, and its options.")
final class PluginsDescribeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "The plugin id, as 'gramian plugins list' shows it.")
    private String id;

    @Option(names = "--json", description = "Write JSON: {\"plugins\": [...]}, one entry per kind with this id.")
    private boolean json;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = streams.out();
        List<LoadedPlugin> plugins = catalog.findAnyKind(id);
        if (json) {
            var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode document = mapper.createObjectNode();
            ArrayNode list = document.putArray("plugins");
            for (LoadedPlugin plugin : plugins) {
                ObjectNode node = list.addObject();
                PluginsListCommand.describe(plugin, node);
                Objective loss = lossOf(plugin);
                if (loss != null) {
                    node.put("uses_reference", loss.usesReference()).put("reward_scale", loss.rewardScale());
                }
            }
            out.println(mapper.writeValueAsString(document));
            return 0;
        }
        boolean first = true;
        for (LoadedPlugin plugin : plugins) {
            if (!first) {
                out.println();
            }
            first = false;
            out.printf("%s %s: %s%n", plugin.kind().label(), plugin.id(), plugin.info().summary());
            out.printf("source: %s%n", plugin.source());
            Objective loss = lossOf(plugin);
            if (loss != null) {
                out.printf("reference: %s%n", loss.usesReference()
                        ? "reads the reference model (records need ref_logp_chosen and ref_logp_rejected)"
                        : "none (reference-free)");
                out.printf("reward scale: %s (the beta of the rewards/* metrics, with default options)%n",
                        loss.rewardScale());
            }
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

    /** The loss with default options, for an objective; null for other kinds or when creating it fails. */
    private Objective lossOf(LoadedPlugin plugin) {
        if (plugin.kind() != PluginKind.OBJECTIVE) {
            return null;
        }
        try {
            return catalog.create(PluginKind.OBJECTIVE, plugin.id(), Map.of(), Objective.class);
        } catch (GramianException e) {
            return null;
        }
    }
}
