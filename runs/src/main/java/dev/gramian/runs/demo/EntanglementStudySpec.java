package dev.gramian.runs.demo;

import dev.gramian.api.GramianException;
import dev.gramian.runs.RunPrecision;

import java.util.List;
import java.util.Objects;

/**
 * The settings of {@code gramian demo entanglement}: which tasks, pairs per task, the SFT and
 * alignment lengths and batch sizes, alignment's SGD step size, how often and on how many held-out
 * pairs the entanglement probe runs, the seed and the precision. Objectives and the model are fixed by {@link
 * EntanglementStudyRunner}.
 *
 * @param tasks          the tasks studied, in order, of {@link EntanglementStudyRunner#TASKS}
 * @param pairs          pairs generated per task (10% held out)
 * @param sftSteps       SFT steps per task
 * @param sftBatchSize   sequences per SFT step
 * @param alignSteps     alignment steps per run
 * @param alignBatchSize pairs per alignment step
 * @param alignLr        SGD learning rate of alignment
 * @param probeEvery probe every this many alignment steps
 * @param probePairs held-out pairs in the probe set
 * @param seed       seed of data, model and batch order
 * @param precision  the precision of the model's matrix products
 */
public record EntanglementStudySpec(List<String> tasks, int pairs, long sftSteps, int sftBatchSize, long alignSteps,
                                    int alignBatchSize, double alignLr, int probeEvery, int probePairs, long seed,
                                    RunPrecision precision) {
    /** A study in float32. */
    public EntanglementStudySpec(List<String> tasks, int pairs, long sftSteps, int sftBatchSize, long alignSteps,
                                 int alignBatchSize, double alignLr, int probeEvery, int probePairs, long seed) {
        this(tasks, pairs, sftSteps, sftBatchSize, alignSteps, alignBatchSize, alignLr, probeEvery, probePairs, seed,
                RunPrecision.FP32);
    }

    public EntanglementStudySpec {
        Objects.requireNonNull(precision, "precision");
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw GramianException.usage("--tasks names no task; known: " + EntanglementStudyRunner.TASKS);
        }
        for (String task : tasks) {
            if (!EntanglementStudyRunner.TASKS.contains(task)) {
                throw GramianException.usage("unknown task '" + task + "' in --tasks; known: "
                        + EntanglementStudyRunner.TASKS);
            }
        }
        if (tasks.stream().distinct().count() < tasks.size()) {
            throw GramianException.usage("--tasks names a task twice: " + tasks);
        }
        if (probeEvery < 1 || probePairs < 1) {
            throw GramianException.usage("--probe-every and --probe-pairs must be at least 1");
        }
    }
}
