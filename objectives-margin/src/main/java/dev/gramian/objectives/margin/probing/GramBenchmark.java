package dev.gramian.objectives.margin.probing;

import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.objectives.margin.loss.DpoLoss;
import dev.gramian.objectives.margin.loss.FDivergence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times a DPO training step (the real {@link DpoLoss}) against the fast and the exact Gram paths on one model and one batch
 * of preference pairs, all in one run after a warm-up call of each (which also builds the graphs).
 * Pairs share a random byte prompt; their responses share a random suffix and differ in a prefix,
 * as in the gradient-entanglement experiments.
 *
 * @param config  the model shape
 * @param pairs   preference pairs per batch (2 × pairs sequences)
 * @param tokens  tokens per sequence (prompt and response); at most {@code config.context() + 1}
 * @param repeats timed calls of the step and the fast probe (the median is reported); the exact path runs once
 * @param seed    seeds the model and the batch
 */
public record GramBenchmark(LanguageModelConfig config, int pairs, int tokens, int repeats, long seed) {
    /** The step's loss: DPO with β = 0.1, as {@code gramian align} trains by default. */
    private static final MarginLoss DPO = new DpoLoss(0.1, 0.0, FDivergence.REVERSE_KL);
    private static final double LEARNING_RATE = 1e-3;

    public GramBenchmark {
        if (pairs < 1 || repeats < 1 || tokens < 3 || tokens > config.context() + 1) {
            throw new IllegalArgumentException("need pairs >= 1, repeats >= 1 and 3 <= tokens <= context + 1, got pairs="
                    + pairs + " tokens=" + tokens + " repeats=" + repeats);
        }
    }

    /**
     * The reference configuration: 4 layers, width 256, 4 heads, MLP 1024, byte vocabulary (259),
     * context 128; 16 pairs of 129-token sequences (128 scored positions each).
     */
    public static GramBenchmark reference() {
        return new GramBenchmark(new LanguageModelConfig(259, 128, 4, 256, 4, 1024), 16, 129, 5, 7);
    }

    /** Runs the benchmark on a language model created by {@code backend}. */
    public GramBenchmarkResult run(Backend backend) {
        try (LanguageModel model = backend.languageModel(config, seed)) {
            Batch batch = batch(pairs, seed);
            List<Sequence> chosen = batch.chosen();
            List<Sequence> rejected = batch.rejected();
            double[] refChosen = model.score(chosen).logp();
            double[] refRejected = model.score(rejected).logp();
            Runnable step = () -> {
                PreferenceStep s = model.preferenceLossAndGradient(DPO, chosen, rejected, refChosen, refRejected);
                model.parameters().addScaled(s.gradient(), -LEARNING_RATE);
            };
            step.run();
            model.pairGram(chosen, rejected, GramMethod.FAST, false);
            model.pairGram(chosen.subList(0, 1), rejected.subList(0, 1), GramMethod.EXACT, false);

            // Alternate the two so that a change in machine load affects both alike.
            double[] stepMs = new double[repeats];
            double[] probeMs = new double[repeats];
            PairGram fast = null;
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                step.run();
                stepMs[r] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                fast = model.pairGram(chosen, rejected, GramMethod.FAST, false);
                probeMs[r] = (System.nanoTime() - start) / 1e6;
            }
            // The last fast probe ran after the last step, at the parameters the exact path sees.
            long start = System.nanoTime();
            PairGram exact = model.pairGram(chosen, rejected, GramMethod.EXACT, false);
            double exactMs = (System.nanoTime() - start) / 1e6;
            return new GramBenchmarkResult(median(stepMs), median(probeMs), exactMs, maxRelativeError(fast, exact));
        }
    }

    static double median(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Largest error: relative for squared norms, relative to ‖g_w‖·‖g_l‖ for inner products. */
    static double maxRelativeError(PairGram fast, PairGram exact) {
        double worst = 0;
        for (int i = 0; i < exact.innerProduct().length; i++) {
            double cn = exact.chosenSqNorm()[i];
            double rn = exact.rejectedSqNorm()[i];
            worst = Math.max(worst, Math.abs(fast.chosenSqNorm()[i] - cn) / cn);
            worst = Math.max(worst, Math.abs(fast.rejectedSqNorm()[i] - rn) / rn);
            worst = Math.max(worst, Math.abs(fast.innerProduct()[i] - exact.innerProduct()[i]) / Math.sqrt(cn * rn));
        }
        return worst;
    }

    /** Preference pairs as chosen and rejected sequences, pair i = (chosen[i], rejected[i]). */
    public record Batch(List<Sequence> chosen, List<Sequence> rejected) {
    }

    /**
     * {@code count} pairs of {@link #tokens} tokens drawn from {@code batchSeed}: a random byte
     * prompt (a quarter of the tokens), a differing response prefix (a quarter of the rest), then a
     * shared random suffix.
     */
    public Batch batch(int count, long batchSeed) {
        List<Sequence> chosen = new ArrayList<>();
        List<Sequence> rejected = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(batchSeed);
        int promptLength = Math.max(1, tokens / 4);
        int differing = Math.max(1, (tokens - promptLength) / 4);
        for (int i = 0; i < count; i++) {
            int[] w = new int[tokens];
            int[] l = new int[tokens];
            for (int t = 0; t < tokens; t++) {
                int shared = random.nextInt(256);
                boolean differs = t >= promptLength && t < promptLength + differing;
                w[t] = shared;
                l[t] = differs ? random.nextInt(256) : shared;
            }
            chosen.add(new Sequence(w, promptLength));
            rejected.add(new Sequence(l, promptLength));
        }
        return new Batch(List.copyOf(chosen), List.copyOf(rejected));
    }
}
