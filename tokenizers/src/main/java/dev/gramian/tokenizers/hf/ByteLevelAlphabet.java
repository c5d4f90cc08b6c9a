package dev.gramian.tokenizers.hf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible map from bytes to printable characters: bytes 33–126, 161–172 and 174–255 stand
 * for themselves, the other 68 map to U+0100 onwards in byte order. Byte-level BPE vocabularies are
 * written in these characters.
 */
final class ByteLevelAlphabet {
    private static final char[] TO_CHAR = new char[256];
    private static final int[] TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
            char c = (char) (printable ? b : next++);
            TO_CHAR[b] = c;
            TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    /** The UTF-8 bytes of {@code text} written in the alphabet. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = TO_CHAR[bytes[i] & 0xff];
        }
        return new String(out);
    }

    /**
     * Text written in the alphabet back to the bytes it stands for, decoded as UTF-8 (invalid
     * sequences become U+FFFD); characters outside the alphabet are kept as their own UTF-8.
     */
    static String decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        text.codePoints().forEach(c -> {
            int b = c < TO_BYTE.length ? TO_BYTE[c] : -1;
            if (b >= 0) {
                out.write(b);
            } else {
                byte[] own = Character.toString(c).getBytes(StandardCharsets.UTF_8);
                out.write(own, 0, own.length);
            }
        });
        return out.toString(StandardCharsets.UTF_8);
    }
}
