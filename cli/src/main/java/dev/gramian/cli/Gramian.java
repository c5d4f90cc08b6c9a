package dev.gramian.cli;

import dev.gramian.api.GramianException;
import dev.gramian.cli.wiring.ProcessStreams;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The {@code gramian} program: {@link #main} for the launcher, {@link #run} for tests. */
public final class Gramian {

    private Gramian() {
    }

    /** Runs the command line on the process's streams and environment and exits with its status. */
    public static void main(String[] args) {
        exit(args, commandLine -> { });
    }

    /**
     * Runs the command line as {@code extension} extends it (see
     * {@link #run(String[], ProcessStreams, Map, Consumer)}) on the process's streams and environment,
     * and exits with its status.
     */
    public static void exit(String[] args, Consumer<CommandLine> extension) {
        Charset console = Charset.defaultCharset();
        var streams = new ProcessStreams(System.in,
                new PrintWriter(new OutputStreamWriter(System.out, console)),
                new PrintWriter(new OutputStreamWriter(System.err, console), true));
        int status = run(args, streams, System.getenv(), extension);
        streams.out().flush();
        streams.err().flush();
        System.exit(status);
    }

    /**
     * Runs one command.
     *
     * @param args        the command-line arguments, without the program name
     * @param streams     where the command reads input and writes results and errors
     * @param environment the environment variables, e.g. {@code GRAMIAN_PLUGIN_PATH}
     * @return the exit status: 0 on success, otherwise that of the failure's category (picocli
     *         usage errors: 2)
     */
    public static int run(String[] args, ProcessStreams streams, Map<String, String> environment) {
        return run(args, streams, environment, commandLine -> { });
    }

    /**
     * Runs one command of the command line as {@code extension} extends it: the Spark adapter, on the
     * class path, adds {@code sweep} this way and keeps the core's options, wiring, errors and exit codes.
     *
     * @param extension adds (or replaces) subcommands of the root command before parsing
     * @return the exit status, as {@link #run(String[], ProcessStreams, Map)}
     */
    public static int run(String[] args, ProcessStreams streams, Map<String, String> environment,
                          Consumer<CommandLine> extension) {
        var root = new GramianCommand();
        var errors = new ErrorReporter(root);
        // Created first: it starts wiring the plugins while Picocli builds its model and parses.
        var execution = new WiredExecution(root, streams, environment, errors);
        var commandLine = new CommandLine(root);
        extension.accept(commandLine);
        commandLine.setOut(streams.out());
        commandLine.setErr(streams.err());
        describeExitCodes(commandLine);
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setExecutionStrategy(execution);
        try {
            return commandLine.execute(args);
        } finally {
            streams.out().flush();
            streams.err().flush();
        }
    }

    /** Lists the exit codes, derived from the failure categories, in every command's help. */
    private static void describeExitCodes(CommandLine commandLine) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" 0", "Success.");
        for (GramianException.Category category : GramianException.Category.values()) {
            codes.put(String.format("%2d", category.exitCode()), describe(category));
        }
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            describeExitCodes(sub);
        }
    }

    private static String describe(GramianException.Category category) {
        return switch (category) {
            case INTERNAL -> "Internal error: a bug or an unexpected failure (rerun with --verbose).";
            case USAGE -> "Usage error: unknown flag or command, bad option key or value, unknown kind.";
            case INPUT -> "Input error: unreadable file, malformed line, missing or out-of-range field.";
            case PLUGIN -> "Plugin error: unknown id, or a plugin that cannot be loaded or created.";
            case BACKEND -> "Backend error: the native runtime or the device is not usable.";
            case DIVERGED -> "Training diverged: a loss, gradient or parameter became NaN or infinite (the error "
                    + "names the step); metrics and checkpoints stop at the last finite step.";
            default -> category.name().charAt(0) + category.name().substring(1).toLowerCase() + " error.";
        };
    }
}
