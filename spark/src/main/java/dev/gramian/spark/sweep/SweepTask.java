package dev.gramian.spark.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.cli.Gramian;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.runs.RunJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of a sweep, as the Spark task that executes it: it runs the ordinary command
 * ({@code gramian align ...}) inside the executor's JVM, its output going to {@code logs/NAME.log},
 * and writes the outcome to {@code logs/NAME.json} when it ends, finished or failed. A failure of the
 * run is an outcome, never a failed task, so one bad configuration cannot stop the sweep.
 *
 * @param name       the run's name, its directory under the sweep's
 * @param arguments  the command line of the run, root options first, {@code --out} included
 * @param logs       the sweep's {@code logs} directory (on a file system the executors share)
 * @param threads    the command's option that caps TensorFlow's threads, or null when it has none
 */
public record SweepTask(String name, List<String> arguments, String logs, String threads) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The prefix of the one line the command line prints for an error. */
    private static final String ERROR_PREFIX = "gramian: error: ";

    public SweepTask {
        arguments = List.copyOf(arguments);
    }

    /**
     * Runs the command with TensorFlow limited to {@code cores} threads inside and across ops.
     *
     * @param cores    the cores Spark gave the task
     * @param executor the Spark executor running it ({@code driver} inside a local master)
     * @return the outcome, also written to {@code logs/NAME.json}
     */
    public SweepOutcome run(int cores, String executor) {
        Path log = logFile(Path.of(logs), name);
        List<String> command = new ArrayList<>(arguments);
        if (threads != null) {
            command.addAll(List.of(threads, Integer.toString(cores)));
        }
        long start = System.nanoTime();
        int status;
        String error = null;
        try {
            Files.createDirectories(log.getParent());
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                out.println("$ gramian " + String.join(" ", command));
                status = Gramian.run(command.toArray(String[]::new),
                        new ProcessStreams(InputStream.nullInputStream(), out, out), Map.of());
            }
            if (status != 0) {
                error = lastError(log, status);
            }
        } catch (IOException | RuntimeException | Error failure) {
            status = 1;
            error = "the run could not be started or crashed: " + failure;
        }
        SweepOutcome outcome = new SweepOutcome(name, status == 0 ? SweepOutcome.FINISHED : SweepOutcome.FAILED,
                status, error, (System.nanoTime() - start) / 1e9, host(), executor);
        RunJson.writeFile(outcomeFile(Path.of(logs), name), outcome.toJson());
        return outcome;
    }

    /** {@code logs/NAME.log}. */
    static Path logFile(Path logs, String name) {
        return logs.resolve(name + ".log");
    }

    /** {@code logs/NAME.json}. */
    static Path outcomeFile(Path logs, String name) {
        return logs.resolve(name + ".json");
    }

    private static String lastError(Path log, int status) throws IOException {
        String error = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith(ERROR_PREFIX)) {
                error = line.substring(ERROR_PREFIX.length());
            }
        }
        return error != null ? error : "exit status " + status + " (see " + log + ")";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * How one run ended.
     *
     * @param name        the run
     * @param status      {@link #FINISHED} or {@link #FAILED}
     * @param exitCode    the command's exit status
     * @param error       the command's error line, or null
     * @param wallSeconds how long the run took
     * @param host        the machine it ran on
     * @param executor    the Spark executor it ran in
     */
    public record SweepOutcome(String name, String status, int exitCode, String error, double wallSeconds,
                               String host, String executor) implements Serializable {
        private static final long serialVersionUID = 1L;
        /** The run wrote its summary. */
        public static final String FINISHED = "finished";
        /** The command failed; {@code error} says why. */
        public static final String FAILED = "failed";

        /** Whether the run finished. */
        public boolean finished() {
            return FINISHED.equals(status);
        }

        JsonNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("run", name);
            json.put("status", status);
            json.put("exit_code", exitCode);
            if (error != null) {
                json.put("error", error);
            }
            RunJson.putNumber(json, "wall_s", wallSeconds);
            json.put("host", host);
            json.put("executor", executor);
            return json;
        }

        /** The outcome a task wrote to {@code logs/NAME.json}, or null when there is none (the run never ended). */
        static SweepOutcome read(Path logs, String name) {
            Path file = outcomeFile(logs, name);
            if (!Files.isRegularFile(file)) {
                return null;
            }
            JsonNode json = RunJson.readFile(file);
            return new SweepOutcome(name, json.path("status").asText(), json.path("exit_code").asInt(),
                    json.hasNonNull("error") ? json.get("error").asText() : null,
                    json.path("wall_s").asDouble(Double.NaN), json.path("host").asText(), json.path("executor").asText());
        }
    }

    /** Removes what an unfinished run left in {@code logs}. */
    static void forget(Path logs, String name) {
        try {
            Files.deleteIfExists(outcomeFile(logs, name));
            Files.deleteIfExists(logFile(logs, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
