package dev.gramian.api.generation;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Picks the next token from a model's logits as {@link GenerationSettings} say. Sampling follows
 * Hugging Face's logits processors in their order: divide by the temperature; keep the logits at or
 * above the k-th largest (ties at the threshold stay); then, over the tokens sorted by ascending
 * logit, drop every token whose cumulative probability is at most {@code 1 − topP}, always keeping the
 * most likely one; finally draw from the softmax of what is left with one uniform number.
 */
public final class NextTokenSampler {
    private final GenerationSettings settings;

    public NextTokenSampler(GenerationSettings settings) {
        this.settings = settings;
    }

    /**
     * The chosen id.
     *
     * @param logits one per vocabulary id; must contain a finite value
     * @param random the source of the draw (unused when greedy)
     */
    public int next(double[] logits, RandomGenerator random) {
        if (settings.isGreedy()) {
            return argmax(logits);
        }
        double[] p = probabilities(logits);
        double u = random.nextDouble();
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                cumulative += p[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last;
    }

    /** The index of the largest logit, the lowest index among equal ones. */
    public static int argmax(double[] logits) {
        int best = -1;
        for (int i = 0; i < logits.length; i++) {
            if (!Double.isNaN(logits[i]) && (best < 0 || logits[i] > logits[best])) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("no logit is a number (" + logits.length + " logits)");
        }
        return best;
    }

    /**
     * The distribution the sampler draws from: zero outside the top-k and top-p sets, the softmax of
     * the tempered logits inside. Greedy settings put all mass on the argmax.
     */
    public double[] probabilities(double[] logits) {
        double[] p = new double[logits.length];
        if (settings.isGreedy()) {
            p[argmax(logits)] = 1;
            return p;
        }
        double[] scaled = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            scaled[i] = logits[i] / settings.temperature();
        }
        boolean[] kept = new boolean[logits.length];
        Arrays.fill(kept, true);
        Integer[] ascending = new Integer[logits.length];
        for (int i = 0; i < ascending.length; i++) {
            ascending[i] = i;
        }
        Arrays.sort(ascending, (a, b) -> Double.compare(scaled[a], scaled[b]));
        if (settings.topK() > 0 && settings.topK() < logits.length) {
            double threshold = scaled[ascending[logits.length - settings.topK()]];
            for (int i = 0; i < logits.length; i++) {
                kept[i] = scaled[i] >= threshold;
            }
        }
        softmaxInto(scaled, kept, p);
        if (settings.topP() < 1) {
            double cumulative = 0;
            for (int r = 0; r < ascending.length - 1; r++) {
                int i = ascending[r];
                cumulative += p[i];
                if (cumulative <= 1 - settings.topP()) {
                    kept[i] = false;
                }
            }
            softmaxInto(scaled, kept, p);
        }
        return p;
    }

    /** Writes into {@code p} the softmax of {@code x} over the kept entries, zero elsewhere. */
    private static void softmaxInto(double[] x, boolean[] kept, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            if (kept[i]) {
                max = Math.max(max, x[i]);
            }
        }
        if (!Double.isFinite(max)) {
            throw new IllegalArgumentException("no finite logit left to sample from");
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            p[i] = kept[i] ? Math.exp(x[i] - max) : 0;
            sum += p[i];
        }
        for (int i = 0; i < x.length; i++) {
            p[i] /= sum;
        }
    }
}
