package dev.gramian.tokenizers;

import dev.gramian.api.model.Tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The built-in tokenizer: one id per UTF-8 byte (0–255) plus three special tokens, BOS = 256,
 * EOS = 257, PAD = 258. Needs no vocabulary file and handles any text.
 */
public final class ByteTokenizer implements Tokenizer {
    /** Beginning of sequence. */
    public static final int BOS = 256;
    /** End of sequence. */
    public static final int EOS = 257;
    /** Padding. */
    public static final int PAD = 258;

    @Override
    public int vocabularySize() {
        return 259;
    }

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xff;
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length);
        for (int id : ids) {
            if (id >= 0 && id < 256) {
                out.write(id);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public OptionalInt bos() {
        return OptionalInt.of(BOS);
    }

    @Override
    public OptionalInt eos() {
        return OptionalInt.of(EOS);
    }

    @Override
    public OptionalInt pad() {
        return OptionalInt.of(PAD);
    }
}
