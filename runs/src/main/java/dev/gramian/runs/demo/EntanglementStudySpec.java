package dev.gramian.runs.demo;

import dev.gramian.api.GramianException;

/**
 * The settings of {@code gramian demo entanglement}: pairs per task, the SFT and alignment lengths,
 * alignment's SGD step size, how often and on how many held-out pairs the entanglement probe runs,
 * and the seed. Tasks, objectives and the model are fixed by {@link EntanglementStudyRunner}.
 *
 * @param pairs      pairs generated per task (10% held out)
 * @param sftSteps   SFT steps per task
 * @param alignSteps alignment steps per run
 * @param alignLr    SGD learning rate of alignment
 * @param probeEvery probe every this many alignment steps
 * @param probePairs held-out pairs in the probe set
 * @param seed       seed of data, model and batch order
 */
public record EntanglementStudySpec(int pairs, long sftSteps, long alignSteps, double alignLr, int probeEvery,
                                    int probePairs, long seed) {
    public EntanglementStudySpec {
        if (probeEvery < 1 || probePairs < 1) {
            throw GramianException.usage("--probe-every and --probe-pairs must be at least 1");
        }
    }
}
