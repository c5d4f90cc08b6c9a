package dev.gramian.cli.wiring;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * The standard streams of one command execution. Commands read and write through this rather than
 * {@link System#in}/{@link System#out}, so tests can run the real command line in-process.
 *
 * @param in  standard input, read by {@code --input -}
 * @param out results
 * @param err warnings and errors
 */
public record ProcessStreams(InputStream in, PrintWriter out, PrintWriter err) {
    public ProcessStreams {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }
}
