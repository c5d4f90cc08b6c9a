package dev.gramian.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginProblem;
import dev.gramian.cli.command.EnvCommand;
import dev.gramian.cli.wiring.GramianModule;
import dev.gramian.cli.wiring.ProcessStreams;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the command the user chose, after the arguments are parsed: answers {@code --help} and
 * {@code --version} at once; otherwise loads the plugin catalog from the parsed plugin path, warns
 * about plugin problems, refuses duplicate plugin ids (except for {@code env}, which lists them),
 * builds the Guice injector and injects the chosen command before calling it.
 *
 * <p>The plugin path is itself an option, so the catalog for it can only be loaded after parsing.
 * The common case, no plugin directories, is wired on a second thread while Picocli parses: start-up
 * time is most of what short commands cost.
 */
final class WiredExecution implements IExecutionStrategy {
    private final GramianCommand root;
    private final ProcessStreams streams;
    private final Map<String, String> environment;
    private final ErrorReporter errors;
    private final CompletableFuture<Injector> withoutPluginDirectories;

    WiredExecution(GramianCommand root, ProcessStreams streams, Map<String, String> environment,
                   ErrorReporter errors) {
        this.root = root;
        this.streams = streams;
        this.environment = environment;
        this.errors = errors;
        this.withoutPluginDirectories = CompletableFuture.supplyAsync(() -> wire(List.of()));
    }

    @Override
    public int execute(ParseResult parseResult) {
        Integer helpStatus = CommandLine.executeHelpRequest(parseResult);
        if (helpStatus != null) {
            return helpStatus;
        }
        List<CommandLine> chosen = parseResult.asCommandLineList();
        CommandLine command = chosen.get(chosen.size() - 1);
        if (root.verbosity().verbose() && root.verbosity().quiet()) {
            throw new ParameterException(command, "--verbose and --quiet exclude each other");
        }
        try {
            List<Path> directories = root.pluginPath().entries(environment);
            Injector injector = directories.isEmpty() ? join(withoutPluginDirectories) : wire(directories);
            PluginCatalog catalog = injector.getInstance(PluginCatalog.class);
            for (PluginProblem problem : catalog.problems()) {
                errors.warn(problem, streams.err());
            }
            if (!(command.getCommand() instanceof EnvCommand)) {
                // env reports duplicates; every other command must not pick one of two plugins.
                catalog.requireNoDuplicates();
            }
            injector.injectMembers(command.getCommand());
        } catch (RuntimeException failure) {
            // Routed to the execution exception handler like a failure of the command itself.
            throw new ExecutionException(command, String.valueOf(failure.getMessage()), failure);
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    private Injector wire(List<Path> pluginDirectories) {
        return Guice.createInjector(new GramianModule(PluginCatalog.load(pluginDirectories), streams, root::verbosity));
    }

    private static Injector join(CompletableFuture<Injector> wiring) {
        try {
            return wiring.join();
        } catch (CompletionException failure) {
            throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
        }
    }
}
