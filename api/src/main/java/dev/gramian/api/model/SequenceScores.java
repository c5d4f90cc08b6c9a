package dev.gramian.api.model;

/**
 * Log-probabilities of a batch of sequences' response tokens.
 *
 * @param logp       per sequence, the sum of its response tokens' log-probabilities
 * @param counts     per sequence, the number of response tokens
 * @param tokenLogp  per sequence, each response token's log-probability, in order
 */
public record SequenceScores(double[] logp, int[] counts, double[][] tokenLogp) {
    public SequenceScores {
        if (counts.length != logp.length || tokenLogp.length != logp.length) {
            throw new IllegalArgumentException("per-sequence arrays differ in length");
        }
    }

    /** Per-token mean negative log-likelihood of sequence {@code i}. */
    public double meanNll(int i) {
        return -logp[i] / counts[i];
    }
}
