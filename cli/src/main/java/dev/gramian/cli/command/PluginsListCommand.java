package dev.gramian.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.gramian.api.plugin.LoadedPlugin;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProblem;
import dev.gramian.cli.wiring.ProcessStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code gramian plugins list}: one line per plugin (kind, id, summary), or with {@code --json} one
 * JSON document with every plugin, its options and source, and the plugin problems. Creates no
 * plugin, so nothing native loads.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the plugins found, sorted by kind and id.")
final class PluginsListCommand implements Callable<Integer> {

    @Option(names = "--kind", paramLabel = "KIND", completionCandidates = PluginKindLabels.class,
            description = "Only plugins of this kind: one of ${COMPLETION-CANDIDATES}.")
    private String kind;

    @Option(names = "--json", description = "Write JSON: {\"plugins\": [...], \"problems\": [...]}.")
    private boolean json;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() throws Exception {
        List<LoadedPlugin> plugins = kind == null ? catalog.plugins() : catalog.plugins(PluginKind.fromLabel(kind));
        PrintWriter out = streams.out();
        if (json) {
            var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode document = mapper.createObjectNode();
            ArrayNode list = document.putArray("plugins");
            for (LoadedPlugin plugin : plugins) {
                describe(plugin, list.addObject());
            }
            ArrayNode problems = document.putArray("problems");
            for (PluginProblem problem : catalog.problems()) {
                problems.addObject().put("source", problem.source()).put("message", problem.message());
            }
            out.println(mapper.writeValueAsString(document));
            return 0;
        }
        int kindWidth = Math.max(4, plugins.stream().mapToInt(p -> p.kind().label().length()).max().orElse(0));
        int idWidth = Math.max(2, plugins.stream().mapToInt(p -> p.id().length()).max().orElse(0));
        String row = "%-" + kindWidth + "s  %-" + idWidth + "s  %s%n";
        out.printf(row, "KIND", "ID", "SUMMARY");
        for (LoadedPlugin plugin : plugins) {
            out.printf(row, plugin.kind().label(), plugin.id(), plugin.info().summary());
        }
        return 0;
    }

    /** Writes one plugin as JSON: id, kind, summary, source, options; shared with {@code plugins describe --json}. */
    static void describe(LoadedPlugin plugin, ObjectNode node) {
        node.put("id", plugin.id())
                .put("kind", plugin.kind().label())
                .put("summary", plugin.info().summary())
                .put("source", plugin.source());
        ArrayNode options = node.putArray("options");
        for (OptionSpec option : plugin.info().options()) {
            options.addObject()
                    .put("key", option.key())
                    .put("type", option.type().name().toLowerCase(Locale.ROOT))
                    .put("default", option.defaultValue())
                    .put("valid", option.validValues())
                    .put("description", option.description());
        }
    }
}
