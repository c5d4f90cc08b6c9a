package dev.gramian.cli;

import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.PluginProblem;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints failures as one line, {@code gramian: error: <message>}, on stderr (with the stack trace
 * only under {@code --verbose}) and chooses the exit status: the category's for a
 * {@link GramianException}, 2 for bad usage, 1 for anything unexpected.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?s)Value for option option '([^']+)' \\(KEY=VALUE\\) should be in KEY=VALUE format but was (.*)");
    private final GramianCommand root;

    /** A reporter that follows the verbosity flags of {@code root}, once they are parsed. */
    ErrorReporter(GramianCommand root) {
        this.root = root;
    }

    @Override
    public int handleParseException(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("gramian: error: " + oneLine(clarify(failure.getMessage())));
        UnmatchedArgumentException.printSuggestions(failure, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        printTrace(failure, err);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        int status;
        String message;
        if (failure instanceof GramianException known) {
            status = known.category().exitCode();
            message = known.getMessage();
        } else {
            status = GramianException.Category.INTERNAL.exitCode();
            message = "internal error: " + failure
                    + (root.verbosity().verbose() ? "" : " (rerun with --verbose for the stack trace)");
        }
        err.println("gramian: error: " + oneLine(message));
        printTrace(failure, err);
        return status;
    }

    /** Prints a plugin problem as a warning, unless {@code --quiet}. */
    void warn(PluginProblem problem, PrintWriter err) {
        if (root.verbosity().quiet()) {
            return;
        }
        err.println("gramian: warning: plugin problem: " + oneLine(problem.toString()));
        if (problem.cause() != null) {
            printTrace(problem.cause(), err);
        }
    }

    /**
     * Rewrites Picocli's message for a map option given without {@code =value} ("Value for option
     * option '--option' (KEY=VALUE) should be in KEY=VALUE format but was beta") into one that says
     * the fix.
     */
    static String clarify(String message) {
        Matcher keyValue = KEY_VALUE.matcher(String.valueOf(message));
        if (keyValue.matches()) {
            String option = keyValue.group(1);
            String given = keyValue.group(2);
            return "option '" + option + "' needs KEY=VALUE, but got '" + given + "'"
                    + (given.contains("=") ? "" : " with no value") + "; write e.g. " + option + " "
                    + (given.isBlank() || given.contains("=") ? "beta" : given) + "=VALUE";
        }
        return message;
    }

    private void printTrace(Throwable failure, PrintWriter err) {
        if (root.verbosity().verbose()) {
            failure.printStackTrace(err);
        }
    }

    private static String oneLine(String message) {
        return String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
