package dev.gramian.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One run directory, the owner of its files (docs/run-directory.md): opened for a run, it writes
 * {@code config.json}, {@code summary.json}, checkpoints and, through {@link MetricsLog} and
 * {@link TableFiles}, the JSON Lines files; {@link RunReader} reads them back through the same
 * classes. A fresh run needs an empty or missing
 * directory; {@link Mode#RESUME} continues the run from {@code checkpoints/latest.ckpt} after
 * checking that the command's configuration is the run's; {@link Mode#FORCE} starts over, removing
 * the files a run writes (other files are left alone).
 */
public final class RunDirectory {
    /** Everything needed to rerun. */
    public static final String CONFIG = "config.json";
    /** One JSON object per logged step. */
    public static final String METRICS = "metrics.jsonl";
    /** The result in brief. */
    public static final String SUMMARY = "summary.json";
    /** The report page {@code gramian report} writes. */
    public static final String REPORT = "report.html";
    /** The folder of checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The newest checkpoint, which {@code --resume} continues from. */
    public static final String LATEST = "latest.ckpt";
    /** An alignment run's reference log-probabilities of every pair, computed once and read on resume. */
    public static final String REFERENCE_LOGPS = "reference-logps.jsonl";
    /** An alignment run's greedy completions of a few held-out prompts, before and after training. */
    public static final String COMPLETIONS = "completions.jsonl";
    /** Keys of {@code config.json} that describe the machine or the moment, not the run: not compared on resume. */
    private static final Set<String> CIRCUMSTANTIAL = Set.of("created", "gramian_version", "java", "os");

    /** How to treat what is already in the directory. */
    public enum Mode {
        /** Refuse a non-empty directory. */
        FRESH,
        /** Continue the run in the directory from its latest checkpoint. */
        RESUME,
        /** Start over: remove the run files already there. */
        FORCE;

        /**
         * The mode the flags {@code --resume} and {@code --force} ask for.
         *
         * @throws GramianException (usage) when both are given
         */
        public static Mode of(boolean resume, boolean force) {
            if (resume && force) {
                throw GramianException.usage("--resume and --force exclude each other");
            }
            return resume ? RESUME : force ? FORCE : FRESH;
        }
    }

    private final Path root;
    private final Mode mode;

    private RunDirectory(Path root, Mode mode) {
        this.root = root;
        this.mode = mode;
    }

    /**
     * Opens {@code dir} for a run, creating it when missing.
     *
     * @throws GramianException (usage) for a non-empty directory without resume or force, (input) for
     *                          a path that is not a directory, or a resume with nothing to resume from
     */
    public static RunDirectory open(Path dir, Mode mode) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw GramianException.input(dir.toString(), 0, "--out must be a directory, but this is a file");
        }
        RunDirectory run = new RunDirectory(dir, mode);
        switch (mode) {
            case FRESH -> {
                if (!isEmpty(dir)) {
                    throw GramianException.usage("run directory " + dir + " is not empty; choose another --out, "
                            + "pass --force to start over, or --resume to continue its run (sft, align)");
                }
            }
            case RESUME -> {
                if (!Files.isRegularFile(run.file(CONFIG)) || !Files.isRegularFile(run.latestCheckpointFile())) {
                    throw GramianException.input(dir.toString(), 0, "nothing to resume: it has no " + CONFIG
                            + " and " + CHECKPOINTS + "/" + LATEST + "; start the run without --resume");
                }
            }
            case FORCE -> run.removeRunFiles();
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw GramianException.input(dir.toString(), 0, "cannot create the run directory (" + e + ")");
        }
        return run;
    }

    /** The directory. */
    public Path path() {
        return root;
    }

    /** Whether this run continues from a checkpoint. */
    public boolean resuming() {
        return mode == Mode.RESUME;
    }

    /**
     * Records the run's configuration: writes {@code config.json} for a new run; when resuming,
     * checks instead that {@code config} equals the recorded one, apart from the circumstantial keys
     * ({@code created}, versions, {@code java}, {@code os}). The precision is compared first, a run
     * recorded before {@code config.json} had the key counting as {@code fp32}.
     *
     * @throws GramianException (usage) naming the first key that differs and both values
     */
    public void record(ObjectNode config) {
        if (!resuming()) {
            writeJson(CONFIG, config);
            return;
        }
        JsonNode recorded = RunJson.readFile(file(CONFIG));
        String trained = RunPrecision.recorded(recorded);
        String given = RunPrecision.recorded(config);
        if (!trained.equals(given)) {
            throw GramianException.usage("cannot resume " + root + ": config key '" + RunPrecision.KEY
                    + "' differs: the run was trained with --precision " + trained + ", this command gives --precision "
                    + given + "; rerun with --precision " + trained + ", or start a new run");
        }
        // compared as written, so that e.g. an int and a long of the same value agree
        String difference = firstDifference("", recorded, RunJson.parse(file(CONFIG), 0, config.toString()));
        if (difference != null) {
            throw GramianException.usage("cannot resume " + root + ": " + difference
                    + "; rerun with the run's settings, or start a new run");
        }
    }

    /** Atomically writes {@code summary.json}. */
    public void writeSummary(JsonNode summary) {
        writeJson(SUMMARY, summary);
    }

    /**
     * Opens {@code metrics.jsonl} for appending. When resuming from step {@code resumedStep} of
     * {@code phase}, first drops (atomically) that phase's rows logged after the checkpoint, which
     * the resumed run logs again.
     */
    public MetricsLog openMetrics(String phase, long resumedStep) {
        Path metrics = file(METRICS);
        if (resuming()) {
            RunJson.dropRowsAfter(metrics, resumedStep, row -> phase.equals(row.path("phase").asText()));
        }
        return new MetricsLog(metrics);
    }

    /** Writes {@code checkpoints/step-NNNNNNNN.ckpt} and then {@code checkpoints/latest.ckpt}, each atomically. */
    public void saveCheckpoint(Checkpoint checkpoint) {
        Path checkpoints = root.resolve(CHECKPOINTS);
        try {
            Files.createDirectories(checkpoints);
        } catch (IOException e) {
            throw GramianException.input(checkpoints.toString(), 0, "cannot create the checkpoint directory (" + e + ")");
        }
        CheckpointFile.write(root.resolve(CHECKPOINTS).resolve(String.format(Locale.ROOT, "step-%08d.ckpt",
                checkpoint.step())), checkpoint);
        CheckpointFile.write(latestCheckpointFile(), checkpoint);
    }

    /** Writes {@code checkpoints/NAME} atomically, beside the step checkpoints (e.g. a selected model). */
    public void saveCheckpoint(String name, Checkpoint checkpoint) {
        CheckpointFile.write(root.resolve(CHECKPOINTS).resolve(name), checkpoint);
    }

    /** Reads {@code checkpoints/latest.ckpt}. */
    public Checkpoint latestCheckpoint() {
        return CheckpointFile.read(latestCheckpointFile());
    }

    /** {@code checkpoints/latest.ckpt}, which {@code --resume} continues from. */
    public Path latestCheckpointFile() {
        return latestCheckpointFile(root);
    }

    /** {@code checkpoints/latest.ckpt} of the run directory {@code root}, without opening it. */
    public static Path latestCheckpointFile(Path root) {
        return root.resolve(CHECKPOINTS).resolve(LATEST);
    }

    /** The file {@code name} of the run, e.g. {@link #METRICS}. */
    public Path file(String name) {
        return root.resolve(name);
    }

    private void writeJson(String name, JsonNode value) {
        RunJson.writeFile(file(name), value);
    }

    private void removeRunFiles() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try {
            for (String name : List.of(CONFIG, METRICS, SUMMARY, REPORT, REFERENCE_LOGPS, COMPLETIONS)) {
                Files.deleteIfExists(file(name));
            }
            Path checkpoints = root.resolve(CHECKPOINTS);
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> files = Files.list(checkpoints)) {
                    for (Path checkpoint : files.filter(p -> p.toString().endsWith(".ckpt")).toList()) {
                        Files.delete(checkpoint);
                    }
                }
            }
        } catch (IOException e) {
            throw GramianException.input(root.toString(), 0, "cannot remove the previous run's files (" + e + ")");
        }
    }

    private static boolean isEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw GramianException.input(dir.toString(), 0, "cannot list the directory (" + e + ")");
        }
    }

    /** The parsed {@code config.json} of the run in {@code dir}, or a missing node when it has none. */
    public static JsonNode readConfig(Path dir) {
        return RunJson.readFile(dir.resolve(CONFIG));
    }

    /** The parsed {@code summary.json} of the run in {@code dir}, or a missing node when it has none. */
    public static JsonNode readSummary(Path dir) {
        return RunJson.readFile(dir.resolve(SUMMARY));
    }

    /** The first difference between a recorded and a new configuration, or null when they agree. */
    static String firstDifference(String path, JsonNode recorded, JsonNode given) {
        if (recorded.isObject() && given.isObject()) {
            Set<String> keys = new TreeSet<>();
            recorded.fieldNames().forEachRemaining(keys::add);
            given.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                if (path.isEmpty() && (CIRCUMSTANTIAL.contains(key) || key.equals(RunPrecision.KEY))) {
                    continue;
                }
                String difference = firstDifference(path.isEmpty() ? key : path + "." + key,
                        recorded.path(key), given.path(key));
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (recorded.equals(given)) {
            return null;
        }
        return "config key '" + path + "' differs: the run has " + show(recorded) + ", this command gives "
                + show(given);
    }

    private static String show(JsonNode value) {
        return value instanceof MissingNode ? "nothing" : value.toString();
    }
}
