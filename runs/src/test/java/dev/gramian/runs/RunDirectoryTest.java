package dev.gramian.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunDirectoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static ObjectNode config(double learningRate) {
        ObjectNode config = JSON.createObjectNode();
        config.put("command", "align");
        config.put("created", "2026-01-01T00:00:00Z");
        config.put("seed", 1L);
        config.putObject("training").put("learning_rate", learningRate).put("steps", 10);
        return config;
    }

    @Test
    void refusesANonEmptyDirectoryAndLeavesItAlone() throws IOException {
        Files.writeString(temp.resolve("notes.txt"), "mine");
        GramianException refused = assertThrows(GramianException.class,
                () -> RunDirectory.open(temp, RunDirectory.Mode.FRESH));
        assertEquals(GramianException.Category.USAGE, refused.category());
        String message = refused.getMessage();
        assertTrue(message.contains(temp + " is not empty; choose another --out") && message.contains("--resume")
                && message.contains("--force"), message);
        assertEquals(List.of(temp.resolve("notes.txt")), Files.list(temp).toList());
    }

    @Test
    void forceRemovesTheRunFilesOnly() throws IOException {
        RunDirectory first = RunDirectory.open(temp, RunDirectory.Mode.FRESH);
        first.record(config(1e-3));
        try (MetricsLog log = first.openMetrics("align", 0)) {
            log.append(1, "align", Map.of("loss", 0.5));
        }
        Files.writeString(temp.resolve("notes.txt"), "mine");
        RunDirectory.open(temp, RunDirectory.Mode.FORCE);
        assertFalse(Files.exists(temp.resolve(RunDirectory.CONFIG)));
        assertFalse(Files.exists(temp.resolve(RunDirectory.METRICS)));
        assertEquals("mine", Files.readString(temp.resolve("notes.txt")));
    }

    @Test
    void resumeNeedsACheckpoint() {
        RunDirectory.open(temp, RunDirectory.Mode.FRESH).record(config(1e-3));
        GramianException refused = assertThrows(GramianException.class,
                () -> RunDirectory.open(temp, RunDirectory.Mode.RESUME));
        assertTrue(refused.getMessage().contains("nothing to resume"), refused.getMessage());
    }

    @Test
    void resumeAndForceExcludeEachOther() {
        assertThrows(GramianException.class, () -> RunDirectory.Mode.of(true, true));
        assertEquals(RunDirectory.Mode.RESUME, RunDirectory.Mode.of(true, false));
    }

    @Test
    void configDifferenceNamesTheKeyAndIgnoresTheTime() {
        ObjectNode later = config(1e-3);
        later.put("created", "2027-01-01T00:00:00Z");
        assertEquals(null, RunDirectory.firstDifference("", config(1e-3), later));
        assertEquals("config key 'training.learning_rate' differs: the run has 0.001, this command gives 0.002",
                RunDirectory.firstDifference("", config(1e-3), config(2e-3)));
        ObjectNode extra = config(1e-3);
        extra.put("objective", "ipo");
        assertEquals("config key 'objective' differs: the run has nothing, this command gives \"ipo\"",
                RunDirectory.firstDifference("", config(1e-3), extra));
    }

    /** A run recorded with {@code recorded}, with a checkpoint file to resume from, opened for resuming. */
    private RunDirectory resumable(ObjectNode recorded) throws IOException {
        RunDirectory.open(temp, RunDirectory.Mode.FRESH).record(recorded);
        Files.createDirectories(temp.resolve(RunDirectory.CHECKPOINTS));
        Files.writeString(temp.resolve(RunDirectory.CHECKPOINTS).resolve(RunDirectory.LATEST), "checkpoint");
        return RunDirectory.open(temp, RunDirectory.Mode.RESUME);
    }

    private static ObjectNode config(double learningRate, RunPrecision precision) {
        ObjectNode config = config(learningRate);
        config.put(RunPrecision.KEY, precision.label());
        config.putObject("backend").putObject("options").put("precision", precision.backendValue());
        return config;
    }

    @Test
    void resumeInAnotherPrecisionNamesTheKeyAndBothValuesAndChangesNothing() throws IOException {
        RunDirectory run = resumable(config(1e-3, RunPrecision.BF16));
        byte[] recorded = Files.readAllBytes(temp.resolve(RunDirectory.CONFIG));
        GramianException refused = assertThrows(GramianException.class,
                () -> run.record(config(2e-3, RunPrecision.FP32)));
        assertEquals(GramianException.Category.USAGE, refused.category());
        // The precision is named before any other key that differs (backend.options.precision, the learning rate).
        assertEquals("cannot resume " + temp + ": config key 'precision' differs: the run was trained with "
                + "--precision bf16, this command gives --precision fp32; rerun with --precision bf16, or start a "
                + "new run", refused.getMessage());
        assertTrue(java.util.Arrays.equals(recorded, Files.readAllBytes(temp.resolve(RunDirectory.CONFIG))));
        run.record(config(1e-3, RunPrecision.BF16));
    }

    @Test
    void aRunRecordedBeforeThePrecisionKeyResumesInFp32Only() throws IOException {
        ObjectNode old = config(1e-3, RunPrecision.FP32);
        old.remove(RunPrecision.KEY);
        RunDirectory run = resumable(old);
        run.record(config(1e-3, RunPrecision.FP32));
        GramianException refused = assertThrows(GramianException.class,
                () -> run.record(config(1e-3, RunPrecision.BF16)));
        assertTrue(refused.getMessage().contains("the run was trained with --precision fp32, this command gives "
                + "--precision bf16"), refused.getMessage());
    }

    @Test
    void metricsAreOneObjectPerLineWithNullForNonFiniteValues() throws IOException {
        RunDirectory run = RunDirectory.open(temp, RunDirectory.Mode.FRESH);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", Double.NaN);
        metrics.put("eval/rewards/accuracies", 0.75);
        try (MetricsLog log = run.openMetrics("align", 0)) {
            log.append(20, "align", metrics);
        }
        assertEquals(List.of("{\"step\":20,\"phase\":\"align\",\"loss\":null,\"eval/rewards/accuracies\":0.75}"),
                Files.readAllLines(temp.resolve(RunDirectory.METRICS)));
    }

    @Test
    void resumingDropsThePhasesRowsAfterTheCheckpoint() throws IOException {
        Files.createDirectories(temp);
        Files.writeString(temp.resolve(RunDirectory.METRICS), String.join("\n",
                MetricsLog.line(50, "sft", Map.of("loss", 1.0)),
                MetricsLog.line(10, "align", Map.of("loss", 0.6)),
                MetricsLog.line(20, "align", Map.of("loss", 0.5)),
                MetricsLog.line(30, "align", Map.of("loss", 0.4))) + "\n");
        Files.writeString(temp.resolve(RunDirectory.CONFIG), "{}");
        Files.createDirectories(temp.resolve(RunDirectory.CHECKPOINTS));
        Files.writeString(temp.resolve(RunDirectory.CHECKPOINTS).resolve(RunDirectory.LATEST), "stand-in");
        RunDirectory run = RunDirectory.open(temp, RunDirectory.Mode.RESUME);
        try (MetricsLog log = run.openMetrics("align", 20)) {
            log.append(30, "align", Map.of("loss", 0.3));
        }
        List<String> lines = Files.readAllLines(temp.resolve(RunDirectory.METRICS));
        assertEquals(4, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("\"sft\"") && lines.get(3).contains("0.3"), lines::toString);
    }
}
