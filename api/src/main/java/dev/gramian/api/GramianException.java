package dev.gramian.api;

/**
 * Root of every error Gramian reports to a user. The message is one line that names what is wrong
 * (file and line, option key, plugin id) and, where there is a closed set, the valid choices. The
 * {@link Category} tells a command line which exit code to use.
 */
public class GramianException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is; each maps to one conventional process exit code. */
    public enum Category {
        /** A bug or an unexpected failure of the runtime. */
        INTERNAL(1),
        /** Bad command-line usage: a wrong flag, an unknown option key or value. */
        USAGE(2),
        /** Bad input data: unreadable file, malformed line, missing field. */
        INPUT(3),
        /** A plugin could not be found, loaded or created. */
        PLUGIN(4),
        /** The execution backend (native library, device) is not usable. */
        BACKEND(5),
        /** Training diverged: a loss, gradient or parameter became NaN or infinite ({@link TrainingDivergedException}). */
        DIVERGED(6);

        private final int exitCode;

        Category(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The process exit code a command line should use for this category. */
        public int exitCode() {
            return exitCode;
        }
    }

    private final Category category;

    public GramianException(Category category, String message) {
        super(message);
        this.category = category;
    }

    public GramianException(Category category, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
    }

    /** The category of this failure. */
    public Category category() {
        return category;
    }

    /** A failure caused by bad input data, naming the source and the line (1-based; 0 if not known). */
    public static GramianException input(String source, long line, String problem) {
        String where = line > 0 ? source + ":" + line : source;
        return new GramianException(Category.INPUT, where + ": " + problem);
    }

    /** A usage failure: bad flag, option key or value. */
    public static GramianException usage(String message) {
        return new GramianException(Category.USAGE, message);
    }
}
