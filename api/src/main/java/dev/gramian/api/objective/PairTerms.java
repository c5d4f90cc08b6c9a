package dev.gramian.api.objective;

import java.util.Objects;

/**
 * The per-pair inputs of a margin loss, in some algebra's value type. Log-probabilities are summed
 * over the response's tokens; lengths count those tokens.
 *
 * @param logpChosen       {@code lw = log π(y_w|x)}
 * @param logpRejected     {@code ll = log π(y_l|x)}
 * @param refLogpChosen    {@code log π_ref(y_w|x)}; only meaningful for losses that use a reference model
 * @param refLogpRejected  {@code log π_ref(y_l|x)}
 * @param lenChosen        {@code |y_w|}, number of chosen response tokens
 * @param lenRejected      {@code |y_l|}
 * @param <T>              the algebra's value type
 */
public record PairTerms<T>(T logpChosen, T logpRejected, T refLogpChosen, T refLogpRejected,
                           T lenChosen, T lenRejected) {
    public PairTerms {
        Objects.requireNonNull(logpChosen, "logpChosen");
        Objects.requireNonNull(logpRejected, "logpRejected");
        Objects.requireNonNull(refLogpChosen, "refLogpChosen");
        Objects.requireNonNull(refLogpRejected, "refLogpRejected");
        Objects.requireNonNull(lenChosen, "lenChosen");
        Objects.requireNonNull(lenRejected, "lenRejected");
    }
}
