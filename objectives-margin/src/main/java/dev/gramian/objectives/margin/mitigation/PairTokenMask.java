package dev.gramian.objectives.margin.mitigation;

import java.util.Arrays;

/**
 * The learnable token weights of one preference pair. The responses' longest common prefix and
 * longest common suffix are the shared tokens; each shared position has one weight, tied between
 * its chosen and rejected copies, and every other (differing) token has a weight of its own. All
 * start at 1 and stay in [0, 1].
 */
final class PairTokenMask {
    private final int chosenLength;
    private final int rejectedLength;
    private final int prefix;
    private final int suffix;
    /** Weights: shared prefix, shared suffix, chosen's differing tokens, rejected's differing tokens. */
    private final double[] weights;

    PairTokenMask(int[] chosen, int[] rejected) {
        chosenLength = chosen.length;
        rejectedLength = rejected.length;
        int shortest = Math.min(chosenLength, rejectedLength);
        int p = 0;
        while (p < shortest && chosen[p] == rejected[p]) {
            p++;
        }
        int s = 0;
        while (s < shortest - p && chosen[chosenLength - 1 - s] == rejected[rejectedLength - 1 - s]) {
            s++;
        }
        prefix = p;
        suffix = s;
        weights = new double[p + s + (chosenLength - p - s) + (rejectedLength - p - s)];
        Arrays.fill(weights, 1.0);
    }

    /** Number of weights: shared positions, then each response's differing tokens. */
    int size() {
        return weights.length;
    }

    /** A copy of the weights: shared prefix, shared suffix, chosen's differing tokens, rejected's. */
    double[] values() {
        return weights.clone();
    }

    /** Sets the weights to {@code values}, {@link #size()} of them in the order of {@link #values()}. */
    void load(double[] values) {
        System.arraycopy(values, 0, weights, 0, weights.length);
    }

    private int chosenUnit(int t) {
        if (t < prefix) {
            return t;
        }
        int fromEnd = chosenLength - 1 - t;
        if (fromEnd < suffix) {
            return prefix + fromEnd;
        }
        return prefix + suffix + (t - prefix);
    }

    private int rejectedUnit(int t) {
        if (t < prefix) {
            return t;
        }
        int fromEnd = rejectedLength - 1 - t;
        if (fromEnd < suffix) {
            return prefix + fromEnd;
        }
        return prefix + suffix + (chosenLength - prefix - suffix) + (t - prefix);
    }

    /** Whether response token {@code t} is shared (in the common prefix or suffix); the same for both responses' ends. */
    boolean shared(int t, int length) {
        return t < prefix || length - 1 - t < suffix;
    }

    /** The weight of each chosen response token. */
    double[] chosen() {
        double[] w = new double[chosenLength];
        for (int t = 0; t < chosenLength; t++) {
            w[t] = weights[chosenUnit(t)];
        }
        return w;
    }

    /** The weight of each rejected response token. */
    double[] rejected() {
        double[] w = new double[rejectedLength];
        for (int t = 0; t < rejectedLength; t++) {
            w[t] = weights[rejectedUnit(t)];
        }
        return w;
    }

    /**
     * One proximal gradient step on {@code loss + l1·Σ weights} over the box [0, 1]:
     * {@code w ← clip(w − rate·(∂loss/∂w + l1), 0, 1)}, where a tied weight's derivative sums over
     * both copies.
     *
     * @param chosenGradient   ∂loss/∂(weight of chosen token t), per token
     * @param rejectedGradient ∂loss/∂(weight of rejected token t), per token
     */
    void step(double[] chosenGradient, double[] rejectedGradient, double rate, double l1) {
        double[] gradient = new double[weights.length];
        for (int t = 0; t < chosenLength; t++) {
            gradient[chosenUnit(t)] += chosenGradient[t];
        }
        for (int t = 0; t < rejectedLength; t++) {
            gradient[rejectedUnit(t)] += rejectedGradient[t];
        }
        for (int k = 0; k < weights.length; k++) {
            weights[k] = Math.min(1.0, Math.max(0.0, weights[k] - rate * (gradient[k] + l1)));
        }
    }
}
