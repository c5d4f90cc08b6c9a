package dev.gramian.api.model;

/**
 * One sequence being decoded by a {@link LanguageModel} with a key/value cache: the keys and values
 * of every token appended so far stay with the backend, so each call runs the model on the new tokens
 * only. Tokens take the absolute positions after those already appended (learned position embeddings
 * and rotary angles both). The state reads the model's parameters as they were when it started; a
 * parameter change afterwards needs a new state. {@link #reset()} starts another sequence with the
 * same parameters. Close it to release the cache.
 */
public interface DecodingState extends AutoCloseable {

    /**
     * Appends {@code tokens} (the prompt first, then one generated token per call) and returns the
     * logits of the token that would follow the last one, one per vocabulary id.
     *
     * @throws IllegalArgumentException when no token is given, an id is outside the vocabulary, or the
     *                                  tokens would pass {@link #capacity()}
     */
    double[] append(int... tokens);

    /** Forgets every appended token, so that the next {@link #append} starts a new sequence at position 0. */
    void reset();

    /** Number of tokens appended so far (the position the next token takes). */
    int length();

    /** The most tokens the model's positions allow (its context). */
    int capacity();

    /** Releases the cache; idempotent. */
    @Override
    void close();
}
