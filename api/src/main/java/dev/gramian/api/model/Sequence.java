package dev.gramian.api.model;

/**
 * One token sequence (prompt followed by response) to score with a causal language model. Token
 * {@code t} is scored given tokens {@code 0..t-1} for every {@code t >= responseStart}; the prompt
 * is context only.
 *
 * @param tokens        prompt and response ids (not copied; treat as read-only)
 * @param responseStart index of the first response token, in {@code [1, tokens.length)}
 */
public record Sequence(int[] tokens, int responseStart) {
    public Sequence {
        if (responseStart < 1 || responseStart >= tokens.length) {
            throw new IllegalArgumentException("responseStart " + responseStart + " outside [1, "
                    + tokens.length + ") for a sequence of " + tokens.length + " tokens");
        }
    }

    /** Number of scored (response) tokens. */
    public int responseLength() {
        return tokens.length - responseStart;
    }
}
