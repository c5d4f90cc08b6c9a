package dev.gramian.api.model;

/**
 * Turns text into token ids and back. Implementations must be deterministic, must never emit an id
 * at or above {@link #vocabularySize()}, and must reserve the special ids below (distinct from any
 * id {@link #encode} produces for ordinary text).
 */
public interface Tokenizer {

    /** Number of distinct ids, special tokens included. */
    int vocabularySize();

    /** The ids of {@code text}, without special tokens. */
    int[] encode(String text);

    /** The text of {@code ids}; special tokens are dropped. */
    String decode(int[] ids);

    /** Beginning-of-sequence id, put before every prompt. */
    int bos();

    /** End-of-sequence id, put after every response. */
    int eos();

    /** Padding id; never scored. */
    int pad();
}
