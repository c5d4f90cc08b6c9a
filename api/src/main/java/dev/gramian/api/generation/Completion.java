package dev.gramian.api.generation;

import java.util.Arrays;

/**
 * What a {@link Generator} produced for one prompt.
 *
 * @param tokens   the generated ids, an end token included when one stopped the completion
 * @param logprobs each generated token's log-probability under the model (the softmax of the raw
 *                 logits, before temperature, top-k or top-p)
 * @param stop     why generation stopped
 */
public record Completion(int[] tokens, double[] logprobs, Stop stop) {

    /** Why a completion ended. */
    public enum Stop {
        /** An end token was generated. */
        EOS,
        /** The token budget ({@link GenerationSettings#maxNewTokens()}) was used up. */
        MAX_NEW_TOKENS,
        /** The model's context is full. */
        CONTEXT
    }

    public Completion {
        if (tokens.length != logprobs.length) {
            throw new IllegalArgumentException(tokens.length + " tokens but " + logprobs.length + " log-probabilities");
        }
        tokens = tokens.clone();
        logprobs = logprobs.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public double[] logprobs() {
        return logprobs.clone();
    }

    /** The generated ids without a final end token. */
    public int[] text() {
        return stop == Stop.EOS ? Arrays.copyOf(tokens, tokens.length - 1) : tokens.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Completion c && stop == c.stop && Arrays.equals(tokens, c.tokens)
                && Arrays.equals(logprobs, c.logprobs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tokens) + stop.hashCode();
    }

    @Override
    public String toString() {
        return "Completion[tokens=" + Arrays.toString(tokens) + ", stop=" + stop + "]";
    }
}
