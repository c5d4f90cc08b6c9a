package dev.gramian.objectives.margin.probing;

import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.optim.Optimizer;

import java.util.Arrays;
import java.util.Map;

/**
 * What probing costs next to training: repeats one alignment step on a fixed batch — the rule's
 * update and the optimiser's step, as {@code AlignmentTrainer} takes them — with a
 * {@link ProbingObserver} around it, and times the two parts of every iteration separately, so that
 * a change in machine load affects both alike. One untimed warm-up iteration first builds the
 * graphs. The parameters keep moving: each iteration is a real training step.
 *
 * @param repeats timed iterations, at least 1; the medians are reported
 */
public record ProbeCostBenchmark(int repeats) {
    public ProbeCostBenchmark {
        if (repeats < 1) {
            throw new IllegalArgumentException("need at least one timed iteration, got " + repeats);
        }
    }

    /**
     * The medians over the timed iterations, in milliseconds, and the probe's scalars of the last.
     *
     * @param stepMs  the training step: the rule's update plus the optimiser's step
     * @param probeMs the observer's work before and after the step
     * @param metrics the probes' scalars of the last iteration (what would join {@code metrics.jsonl})
     */
    public record Result(double stepMs, double probeMs, Map<String, Double> metrics) {
        /** probeMs ÷ stepMs. */
        public double ratio() {
            return probeMs / stepMs;
        }
    }

    /**
     * Runs the iterations on {@code policy}, each a step on {@code batch}; {@code observer} must probe
     * every step.
     */
    public Result run(LanguageModel policy, Objective loss, AlignmentRule rule, Optimizer optimizer,
                      double learningRate, PairBatch batch, ProbingObserver observer) {
        double[] stepMs = new double[repeats];
        double[] probeMs = new double[repeats];
        Map<String, Double> metrics = Map.of();
        for (int r = -1; r < repeats; r++) {
            long start = System.nanoTime();
            AlignmentUpdate update = rule.update(policy, loss, batch);
            long updated = System.nanoTime();
            observer.beforeStep(0, batch, update, learningRate);
            long observed = System.nanoTime();
            optimizer.step(policy.parameters(), update.step().gradient(), learningRate);
            long stepped = System.nanoTime();
            metrics = observer.afterStep(0);
            long end = System.nanoTime();
            if (metrics.isEmpty()) {
                throw new IllegalArgumentException("the observer's probes did not report on the step");
            }
            if (r >= 0) {
                stepMs[r] = ((updated - start) + (stepped - observed)) / 1e6;
                probeMs[r] = ((observed - updated) + (end - stepped)) / 1e6;
            }
        }
        return new Result(median(stepMs), median(probeMs), metrics);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
