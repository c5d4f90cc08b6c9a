package dev.gramian.runs.demo;

/**
 * The settings of {@code gramian demo align}: how many built-in {@code 1t} pairs, the lengths of
 * the SFT and DPO phases, how often DPO is evaluated, and the seed. Everything else is fixed by
 * {@link AlignDemoRunner}; the data set and the phases check the values.
 *
 * @param pairs      pairs generated (10% held out)
 * @param sftSteps   SFT steps
 * @param alignSteps DPO steps
 * @param evalEvery  evaluate DPO on the held-out pairs every this many steps
 * @param seed       seed of data, model and batch order
 */
public record AlignDemoSpec(int pairs, long sftSteps, long alignSteps, int evalEvery, long seed) {
}
