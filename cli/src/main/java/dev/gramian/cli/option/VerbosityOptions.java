package dev.gramian.cli.option;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** How much a command says on stderr: warnings by default, stack traces with {@code --verbose}, neither with {@code --quiet}. */
public final class VerbosityOptions {

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces of errors and causes of plugin problems.")
    private boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print no warnings (errors are still printed).")
    private boolean quiet;

    /** Whether errors should carry their stack trace. */
    public boolean verbose() {
        return verbose;
    }

    /** Whether warnings should be suppressed. */
    public boolean quiet() {
        return quiet;
    }
}
