package dev.gramian.api.plugin;

/**
 * A provider or plugin jar that could not be loaded. The catalog records it and goes on loading the
 * others; commands print problems as warnings.
 *
 * @param source  the jar, directory or provider class at fault
 * @param message what went wrong, in one line, including the root cause
 * @param cause   the underlying error, for {@code --verbose}
 */
public record PluginProblem(String source, String message, Throwable cause) {
    @Override
    public String toString() {
        return source + ": " + message;
    }
}
