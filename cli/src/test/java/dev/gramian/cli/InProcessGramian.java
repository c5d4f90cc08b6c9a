package dev.gramian.cli;

import dev.gramian.cli.wiring.ProcessStreams;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs the real command line in this JVM with captured streams: what every cli test drives. */
public final class InProcessGramian {
    private static Path examplePlugins;

    /** What one run printed and returned. */
    public record Execution(int status, String out, String err) {
        /** Everything the run printed, for assertion messages. */
        @Override
        public String toString() {
            return "status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private InProcessGramian() {
    }

    /** Runs {@code args} with empty stdin and no environment variables. */
    public static Execution run(String... args) {
        return run("", Map.of(), args);
    }

    /** Runs {@code args} with {@code stdin} as standard input and the given environment. */
    public static Execution run(String stdin, Map<String, String> environment, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var streams = new ProcessStreams(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out), new PrintWriter(err));
        int status = Gramian.run(args, streams, environment);
        return new Execution(status, out.toString(), err.toString());
    }

    /** The project's root directory (the reactor root), set by the build. */
    public static Path projectRoot() {
        return Path.of(System.getProperty("gramian.project.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * A plugin directory holding only the example plugin's jar, packed (once per test JVM) from
     * {@code example-plugin/target/classes}, which the reactor builds before the cli.
     */
    public static synchronized Path examplePluginDirectory() {
        if (examplePlugins == null) {
            Path classes = projectRoot().resolve("example-plugin/target/classes");
            if (!Files.isRegularFile(classes.resolve("module-info.class"))) {
                throw new IllegalStateException("example plugin not built: " + classes
                        + " (build it first: mvn -q -DskipTests install -pl example-plugin)");
            }
            try {
                Path directory = Files.createTempDirectory("gramian-example-plugin");
                PluginJar.packAll(classes, directory.resolve("gramian-example-plugin.jar"));
                directory.toFile().deleteOnExit();
                directory.resolve("gramian-example-plugin.jar").toFile().deleteOnExit();
                examplePlugins = directory;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return examplePlugins;
    }
}
