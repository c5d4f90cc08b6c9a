package dev.gramian.cli.command;

import com.google.inject.Inject;
import dev.gramian.api.plugin.LoadedPlugin;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.cli.wiring.ProcessStreams;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian completion}: a bash completion script from Picocli's {@code AutoComplete}, with the
 * ids of the plugins found (built-in and on the plugin path) as the candidates of the options that
 * name a plugin. The candidates are fixed when the script is generated, so a shell that loaded it
 * before a plugin was added completes the old set until it loads the script again.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash completion script for gramian. Plugin ids complete the values of "
                + "--objective, --rule, --dataset, --optimizer, --probe and 'plugins describe'; with "
                + "--plugin-path, those of the plugins there too.",
            "Load it into the current shell with: source <(./gramian completion)"})
public final class CompletionCommand implements Callable<Integer> {

    /** The plugin kind an option names, by option; {@code dg}'s rule and data set are of other kinds. */
    private static final Map<String, PluginKind> OPTION_KINDS = Map.of(
            "--objective", PluginKind.OBJECTIVE,
            "--rule", PluginKind.ALIGNMENT_RULE,
            "--dataset", PluginKind.PREFERENCE_DATASET,
            "--optimizer", PluginKind.OPTIMIZER,
            "--probe", PluginKind.PROBE);
    private static final Map<String, PluginKind> DG_OPTION_KINDS = Map.of(
            "--rule", PluginKind.DOMAIN_RULE,
            "--dataset", PluginKind.DOMAIN_DATASET);

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        // A model of its own, of the root command's class: the script is generated from it, and the
        // running one stays as parsed.
        var model = new CommandLine(spec.root().userObject().getClass());
        addPluginCandidates(model);
        streams.out().print(AutoComplete.bash("gramian", model));
        // The script registers the completion for 'gramian'; this repository's launcher is ./gramian.
        streams.out().println("complete -F _complete_gramian -o default ./gramian");
        return 0;
    }

    private void addPluginCandidates(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        Map<String, PluginKind> kinds = spec.qualifiedName(" ").equals("gramian dg") ? DG_OPTION_KINDS : Map.of();
        for (OptionSpec option : List.copyOf(spec.options())) {
            PluginKind kind = kinds.getOrDefault(option.longestName(), OPTION_KINDS.get(option.longestName()));
            if (kind != null) {
                // Picocli names the script's candidate arrays after the parameter label, so options
                // that share one ("ID") would overwrite each other's candidates: a label per option.
                String label = option.longestName().substring(2).toUpperCase(Locale.ROOT) + "_ID";
                spec.remove(option);
                spec.addOption(option.toBuilder().paramLabel(label)
                        .completionCandidates(ids(catalog.plugins(kind))).build());
            }
        }
        if (spec.qualifiedName(" ").equals("gramian plugins describe")) {
            for (PositionalParamSpec id : List.copyOf(spec.positionalParameters())) {
                spec.remove(id);
                spec.addPositional(id.toBuilder().completionCandidates(ids(catalog.plugins())).build());
            }
        }
        command.getSubcommands().values().forEach(this::addPluginCandidates);
    }

    private static List<String> ids(List<LoadedPlugin> plugins) {
        return plugins.stream().map(LoadedPlugin::id).distinct().sorted().toList();
    }
}
