package dev.gramian.tokenizers.hf;

/**
 * A stretch of text on its way through pre-tokenisation.
 *
 * @param text    the text
 * @param atStart whether it begins at the start of the input (Metaspace's {@code first} scheme)
 */
record Piece(String text, boolean atStart) {
}
