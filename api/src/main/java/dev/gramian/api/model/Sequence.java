package dev.gramian.api.model;

import java.util.Arrays;

/**
 * One token sequence (prompt followed by response) to score with a causal language model. Token
 * {@code t} is scored given tokens {@code 0..t-1} for every {@code t >= responseStart}; the prompt
 * is context only. An immutable value: the tokens are copied in and out, and two sequences are equal
 * when their tokens and response start are.
 *
 * @param tokens        prompt and response ids
 * @param responseStart index of the first response token, in {@code [1, tokens.length)}
 */
public record Sequence(int[] tokens, int responseStart) {
    public Sequence {
        if (responseStart < 1 || responseStart >= tokens.length) {
            throw new IllegalArgumentException("responseStart " + responseStart + " outside [1, "
                    + tokens.length + ") for a sequence of " + tokens.length + " tokens");
        }
        tokens = tokens.clone();
    }

    /** A copy of the prompt and response ids. */
    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** The id at position {@code t}. */
    public int token(int t) {
        return tokens[t];
    }

    /** Number of tokens, prompt and response. */
    public int length() {
        return tokens.length;
    }

    /** Number of scored (response) tokens. */
    public int responseLength() {
        return tokens.length - responseStart;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sequence that && responseStart == that.responseStart
                && Arrays.equals(tokens, that.tokens);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tokens) + responseStart;
    }

    @Override
    public String toString() {
        return "Sequence[tokens=" + Arrays.toString(tokens) + ", responseStart=" + responseStart + "]";
    }

    /**
     * A sequence built from text as {@code gramian sft} and {@code align} build theirs: the
     * tokenizer's BOS (when it has one), the encoded prompt, then the encoded response, whose tokens
     * are the scored ones.
     *
     * @throws IllegalArgumentException when the response encodes to no token, or nothing (no BOS, no
     *                                  prompt token) precedes it
     */
    public static Sequence fromText(Tokenizer tokenizer, String prompt, String response) {
        int[] promptTokens = tokenizer.encode(prompt);
        int[] responseTokens = tokenizer.encode(response);
        int start = tokenizer.bos().isPresent() ? 1 : 0;
        int[] tokens = new int[start + promptTokens.length + responseTokens.length];
        if (start == 1) {
            tokens[0] = tokenizer.bos().getAsInt();
        }
        System.arraycopy(promptTokens, 0, tokens, start, promptTokens.length);
        System.arraycopy(responseTokens, 0, tokens, start + promptTokens.length, responseTokens.length);
        return new Sequence(tokens, start + promptTokens.length);
    }
}
