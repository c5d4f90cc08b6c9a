package dev.gramian.runtime.tensorflow.lm;

/**
 * How one run evaluates a network: with its training-time noise (dropout) or not, and the whole
 * network or its frozen base alone (an adapter switched off, the reference model). An architecture
 * without these notions ignores them.
 *
 * @param training whether training-time noise is on
 * @param base     whether the trainable additions on a frozen base are switched off
 * @param seed     the seed of the run's noise
 */
public record Evaluation(boolean training, boolean base, long seed) {

    /** The model as it is, without noise: scores, probes, weighted gradients. */
    public static final Evaluation PLAIN = new Evaluation(false, false, 0);

    /** The frozen base without noise. */
    public static final Evaluation BASE = new Evaluation(false, true, 0);

    /** A training step's evaluation with noise drawn from {@code seed}. */
    public static Evaluation training(long seed) {
        return new Evaluation(true, false, seed);
    }

    /** The same evaluation with the seed advanced by {@code k} (piece k of a split call). */
    Evaluation piece(int k) {
        return new Evaluation(training, base, seed + k);
    }
}
