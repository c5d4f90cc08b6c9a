package dev.gramian.api.model;

/**
 * What a language model's next-token distributions say at each response token of a batch, beyond
 * the token's own log-probability: TRL's logged {@code entropy} and {@code logits/*} and WPO's
 * weights are built from these. Row {@code i} of every array belongs to sequence {@code i} and holds
 * one value per response token, in order; position {@code j} is the distribution over the vocabulary
 * that scores response token {@code j}, with logits {@code z} and probabilities {@code p = softmax(z)}.
 *
 * @param sequenceLogp  per sequence, the sum of its response tokens' log-probabilities (as
 *                      {@link LanguageModel#score} sums them)
 * @param tokenLogp     {@code log p(y_j)}, the response token's log-probability
 * @param entropy       {@code −Σ_v p_v log p_v}, in nats
 * @param meanLogit     {@code (1/V) Σ_v z_v}, the mean logit over the vocabulary
 * @param logSumSquares {@code log Σ_v p_v²} (WPO's normaliser of the token probability)
 */
public record TokenStatistics(double[] sequenceLogp, double[][] tokenLogp, double[][] entropy, double[][] meanLogit,
                              double[][] logSumSquares) {
    public TokenStatistics {
        int n = tokenLogp.length;
        if (sequenceLogp.length != n || entropy.length != n || meanLogit.length != n || logSumSquares.length != n) {
            throw new IllegalArgumentException("every statistic needs one row per sequence (" + n + ")");
        }
        for (int i = 0; i < n; i++) {
            int m = tokenLogp[i].length;
            if (entropy[i].length != m || meanLogit[i].length != m || logSumSquares[i].length != m) {
                throw new IllegalArgumentException("sequence " + i + ": every statistic needs one value per "
                        + "response token (" + m + ")");
            }
        }
    }

    /** The number of sequences. */
    public int size() {
        return tokenLogp.length;
    }

    /** Sequence {@code i}'s number of response tokens. */
    public int responseLength(int i) {
        return tokenLogp[i].length;
    }
}
