package dev.gramian.api.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns text into token ids and back. Implementations must be deterministic, must never emit a negative id
 * or one at or above {@link #vocabularySize()}, and must keep their special ids (those
 * {@link #bos()}, {@link #eos()} and {@link #pad()} return) apart from the ids ordinary text gets.
 *
 * <p>A tokenizer read from a model folder (a Hugging Face {@code tokenizer.json}) also has a
 * special-token rule ({@link #encode(String, boolean)}: what the folder's post-processor adds, such
 * as a leading BOS), a token table ({@link #tokenId}, {@link #token}) and possibly a
 * {@link #chatTemplate()}; the built-in tokenizers keep the defaults.
 */
public interface Tokenizer {

    /** Number of distinct ids, special tokens included. */
    int vocabularySize();

    /**
     * The ids of {@code text}, without special tokens added. Special tokens written in the text
     * (such as {@code <|im_end|>}) still become their ids where the tokenizer has them.
     */
    int[] encode(String text);

    /**
     * The ids of {@code text}, with the tokenizer's special-token rule applied when
     * {@code addSpecialTokens} (Hugging Face's {@code add_special_tokens}); the default has no such
     * rule and returns {@link #encode(String)}.
     */
    default int[] encode(String text, boolean addSpecialTokens) {
        return encode(text);
    }

    /** The text of {@code ids}; special tokens are dropped. */
    String decode(int[] ids);

    /** Beginning-of-sequence id, when the tokenizer has one. */
    OptionalInt bos();

    /** End-of-sequence id, when the tokenizer has one. */
    OptionalInt eos();

    /** Padding id (never scored), when the tokenizer has one. */
    OptionalInt pad();

    /** The id of a token written as in the vocabulary (e.g. {@code "</s>"}), when there is one. */
    default OptionalInt tokenId(String token) {
        return OptionalInt.empty();
    }

    /** The vocabulary entry of {@code id} (e.g. {@code "</s>"}), when the tokenizer has a table of them. */
    default Optional<String> token(int id) {
        return Optional.empty();
    }

    /** The chat template that renders conversations for this tokenizer, when it has one. */
    default Optional<ChatTemplate> chatTemplate() {
        return Optional.empty();
    }
}
