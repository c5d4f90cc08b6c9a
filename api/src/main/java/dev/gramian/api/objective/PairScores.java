package dev.gramian.api.objective;

/**
 * One preference pair's inputs as plain numbers: what {@code gramian objective eval} reads.
 * Log-probabilities must be finite and at most 0; lengths at least 1. The reference
 * log-probabilities default to 0 when the loss does not use a reference model.
 *
 * @param logpChosen      summed log-probability of the chosen response
 * @param logpRejected    summed log-probability of the rejected response
 * @param refLogpChosen   the reference model's for the chosen response
 * @param refLogpRejected the reference model's for the rejected response
 * @param lenChosen       chosen response tokens
 * @param lenRejected     rejected response tokens
 */
public record PairScores(double logpChosen, double logpRejected, double refLogpChosen, double refLogpRejected,
                         double lenChosen, double lenRejected) {
    public PairScores {
        requireLogProbability("logp_chosen", logpChosen);
        requireLogProbability("logp_rejected", logpRejected);
        requireLogProbability("ref_logp_chosen", refLogpChosen);
        requireLogProbability("ref_logp_rejected", refLogpRejected);
        requireLength("len_chosen", lenChosen);
        requireLength("len_rejected", lenRejected);
    }

    private static void requireLogProbability(String field, double value) {
        if (!Double.isFinite(value) || value > 0) {
            throw new IllegalArgumentException(field + " must be a finite log-probability <= 0, got " + value);
        }
    }

    private static void requireLength(String field, double value) {
        if (!Double.isFinite(value) || value < 1) {
            throw new IllegalArgumentException(field + " must be a token count >= 1, got " + value);
        }
    }
}
