package dev.gramian.objectives.margin.probing;

import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.objectives.margin.loss.DpoLoss;
import dev.gramian.objectives.margin.loss.FDivergence;

import java.lang.management.ManagementFactory;
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

    /** Runs the benchmark on a language model created by {@code backend}; the exact path runs there too. */
    public GramBenchmarkResult run(Backend backend) {
        return run(backend, null);
    }

    /**
     * Runs the benchmark on a language model created by {@code backend}, with the exact Gram path on
     * a model of {@code exactBackend} at the same parameters (null: on {@code backend}'s model). A
     * reduced-precision backend is thus checked against the float32 exact path.
     */
    public GramBenchmarkResult run(Backend backend, Backend exactBackend) {
        try (LanguageModel model = backend.languageModel(config, seed);
             LanguageModel exactModel = exactBackend == null ? null : exactBackend.languageModel(config, seed)) {
            LanguageModel exactOn = exactModel == null ? model : exactModel;
            PairBatch unscored = batch(pairs, seed);
            List<Sequence> chosen = unscored.chosen();
            List<Sequence> rejected = unscored.rejected();
            // The model at the start is the reference, as alignment after SFT starts.
            PairBatch scored = new PairBatch(chosen, rejected, model.score(chosen).logp(),
                    model.score(rejected).logp());
            Runnable step = () -> {
                PreferenceStep s = model.preferenceLossAndGradient(DPO, scored);
                model.parameters().addScaled(s.gradient(), -LEARNING_RATE);
            };
            step.run();
            model.pairGram(chosen, rejected, GramMethod.FAST, false);
            exactOn.pairGram(chosen.subList(0, 1), rejected.subList(0, 1), GramMethod.EXACT, false);

            // Alternate the two so that a change in machine load affects both alike.
            double[] stepMs = new double[repeats];
            double[] stepCpuMs = new double[repeats];
            double[] probeMs = new double[repeats];
            PairGram fast = null;
            for (int r = 0; r < repeats; r++) {
                long cpu = processCpuNanos();
                long start = System.nanoTime();
                step.run();
                stepMs[r] = (System.nanoTime() - start) / 1e6;
                stepCpuMs[r] = (processCpuNanos() - cpu) / 1e6;
                start = System.nanoTime();
                fast = model.pairGram(chosen, rejected, GramMethod.FAST, false);
                probeMs[r] = (System.nanoTime() - start) / 1e6;
            }
            // The last fast probe ran after the last step, at the parameters the exact path sees.
            if (exactOn != model) {
                exactOn.parameters().copyFrom(model.parameters());
            }
            long start = System.nanoTime();
            PairGram exact = exactOn.pairGram(chosen, rejected, GramMethod.EXACT, false);
            double exactMs = (System.nanoTime() - start) / 1e6;
            double stepMedian = median(stepMs);
            return new GramBenchmarkResult(stepMedian, median(probeMs), exactMs, maxRelativeError(fast, exact),
                    mean(stepCpuMs),
                    stepFlops() / (stepMedian / 1e3) / 1e9);
        }
    }

    /**
     * The floating-point operations of one training step's matrix products on the backend's
     * Transformer for this batch, R = 2·pairs·(tokens − 1) rows of width d: every block's linear
     * layers (Q, K, V, output, the two MLP layers) 2·R·in·out forward and twice that backward (input
     * and weight gradients); the head likewise on the scored rows only (2·pairs × the response
     * length), as the graph applies it; the token embedding's one-hot product forward and its table
     * gradient; the attention products Q·Kᵀ and P·V over all T×T positions (the graph masks, it does
     * not skip) forward and two products each backward. Element-wise work (softmax, GELU,
     * LayerNorm, the loss) is left out; it is under 1% of these at the reference shape.
     */
    public double stepFlops() {
        double rows = 2.0 * pairs * (tokens - 1);
        double scoredRows = 2.0 * pairs * (tokens - promptLength());
        double t = tokens - 1;
        double d = config.width();
        double perBlock = 4 * d * d + 2 * d * config.mlpWidth();
        double linear = 2 * rows * config.layers() * perBlock + 2 * scoredRows * d * config.vocabularySize();
        double attention = 2 * 2 * (2.0 * pairs) * t * t * d * config.layers();
        double embedding = 2 * rows * config.vocabularySize() * d;
        return 3 * linear + 3 * attention + 2 * embedding;
    }

    /** The prompt's length in tokens: a quarter of the tokens, at least one. */
    private int promptLength() {
        return Math.max(1, tokens / 4);
    }

    /**
     * CPU time of the whole process (every thread, native ones included), or 0 where the JVM cannot tell.
     * On Linux the JVM reads it from {@code times(2)}, which ticks every 10 ms: a step shorter than that
     * reads 0 or 10 ms, so per-step readings are averaged ({@link #mean}), never taken as a median.
     */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /** The mean: unbiased over readings of a coarse clock, where the median of short intervals is not. */
    static double mean(double[] ms) {
        return Arrays.stream(ms).average().orElse(0);
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

    /**
     * {@code count} pairs of {@link #tokens} tokens drawn from {@code batchSeed}: a random byte
     * prompt (a quarter of the tokens), a differing response prefix (a quarter of the rest), then a
     * shared random suffix; without reference log-probabilities (zeros).
     */
    public PairBatch batch(int count, long batchSeed) {
        List<Sequence> chosen = new ArrayList<>();
        List<Sequence> rejected = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(batchSeed);
        int promptLength = promptLength();
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
        return PairBatch.withoutReference(chosen, rejected);
    }
}
