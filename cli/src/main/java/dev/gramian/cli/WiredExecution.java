package dev.gramian.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginProblem;
import dev.gramian.cli.command.EnvCommand;
import dev.gramian.cli.option.RunOptions;
import dev.gramian.cli.wiring.GramianModule;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.runs.Provenance;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the command the user chose, after the arguments are parsed: answers {@code --help} and
 * {@code --version} at once; otherwise loads the plugin catalog from the parsed plugin path, warns
 * about plugin problems, refuses duplicate plugin ids (except for {@code env}, which lists them),
 * builds the Guice injector and injects the chosen command before calling it. A command that resumes
 * a run ({@code --resume}) also loads the plugin jars the run's {@code config.json} recorded, or
 * fails naming the recorded jar that is missing or changed; a command writing a run whose plugin id
 * is unknown is told which recorded jars to pass with {@code --plugin-path}.
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
        RunOptions run = runOptions(command);
        try {
            List<Path> directories = new ArrayList<>(root.pluginPath().entries(environment));
            if (run != null && run.resume()) {
                directories.addAll(Provenance.recordedPluginJars(run.out(), directories));
            }
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
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (ExecutionException failure) {
            if (run != null && failure.getCause() instanceof GramianException cause) {
                GramianException hinted = Provenance.withRecordedPluginPath(cause, run.out());
                if (hinted != cause) {
                    throw new ExecutionException(command, hinted.getMessage(), hinted);
                }
            }
            throw failure;
        }
    }

    /** The run directory options of {@code command}, or null when it writes no run. */
    private static RunOptions runOptions(CommandLine command) {
        for (Object mixin : command.getMixins().values()) {
            if (mixin instanceof RunOptions options) {
                return options;
            }
        }
        return null;
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
