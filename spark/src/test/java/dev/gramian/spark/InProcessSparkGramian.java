package dev.gramian.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.cli.Gramian;
import dev.gramian.cli.wiring.ProcessStreams;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the command line with the Spark commands in this JVM, with captured streams. */
public final class InProcessSparkGramian {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run printed and returned. */
    public record Execution(int status, String out, String err) {
        @Override
        public String toString() {
            return "status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private InProcessSparkGramian() {
    }

    /** Runs {@code args} with the Spark commands. */
    public static Execution run(List<String> args) {
        return run(args, true);
    }

    /** Runs {@code args} with the core command line only. */
    public static Execution core(List<String> args) {
        return run(args, false);
    }

    private static Execution run(List<String> args, boolean spark) {
        var out = new StringWriter();
        var err = new StringWriter();
        var streams = new ProcessStreams(new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err));
        String[] array = args.toArray(String[]::new);
        int status = spark ? SparkGramian.run(array, streams, Map.of()) : Gramian.run(array, streams, Map.of());
        return new Execution(status, out.toString(), err.toString());
    }

    /**
     * Trains the tests' tiny model (one layer, width 16, 8 SFT steps) on {@code data} into {@code run}.
     *
     * @return its checkpoint
     */
    public static Path tinySft(Path run, List<String> data) {
        List<String> args = new ArrayList<>(List.of("sft", "--layers", "1", "--width", "16", "--heads", "2", "--mlp",
                "32", "--context", "64", "--steps", "8", "--batch-size", "8", "--eval-every", "4", "--log-every", "4",
                "--quiet", "--out", run.toString()));
        args.addAll(data);
        Execution sft = core(args);
        if (sft.status() != 0) {
            throw new IllegalStateException("sft failed: " + sft);
        }
        return run.resolve("checkpoints/latest.ckpt");
    }

    /** The rows of a JSON Lines file. */
    public static List<JsonNode> lines(Path file) {
        try {
            List<JsonNode> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                rows.add(JSON.readTree(line));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON file. */
    public static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's root directory (the reactor root). */
    public static Path projectRoot() {
        return Path.of(System.getProperty("gramian.project.root", "..")).toAbsolutePath().normalize();
    }
}
