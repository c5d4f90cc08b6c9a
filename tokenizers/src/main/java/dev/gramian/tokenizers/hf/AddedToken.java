package dev.gramian.tokenizers.hf;

/**
 * An entry of {@code added_tokens}: text that is cut out of the input before anything else and
 * becomes one id.
 *
 * @param id         its id
 * @param content    its text
 * @param special    whether decoding drops it
 * @param lstrip     whether it swallows the white space before it
 * @param rstrip     whether it swallows the white space after it
 * @param singleWord whether it matches only when not inside a word
 * @param normalized whether it is matched in normalised rather than raw text
 */
record AddedToken(int id, String content, boolean special, boolean lstrip, boolean rstrip, boolean singleWord,
                  boolean normalized) {
}
