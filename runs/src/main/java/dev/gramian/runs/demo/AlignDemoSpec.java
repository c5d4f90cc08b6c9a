package dev.gramian.runs.demo;

import dev.gramian.runs.RunPrecision;

import java.util.Objects;

/**
 * The settings of {@code gramian demo align}: how many built-in {@code 1t} pairs, the lengths of
 * the SFT and DPO phases, how often DPO is evaluated, the seed and the precision. Everything else is
 * fixed by {@link AlignDemoRunner}; the data set and the phases check the values.
 *
 * @param pairs      pairs generated (10% held out)
 * @param sftSteps   SFT steps
 * @param alignSteps DPO steps
 * @param evalEvery  evaluate DPO on the held-out pairs every this many steps
 * @param seed       seed of data, model and batch order
 * @param precision  the precision of the model's matrix products, in both phases
 */
public record AlignDemoSpec(int pairs, long sftSteps, long alignSteps, int evalEvery, long seed,
                            RunPrecision precision) {
    /** The demo in float32. */
    public AlignDemoSpec(int pairs, long sftSteps, long alignSteps, int evalEvery, long seed) {
        this(pairs, sftSteps, alignSteps, evalEvery, seed, RunPrecision.FP32);
    }

    public AlignDemoSpec {
        Objects.requireNonNull(precision, "precision");
    }
}
