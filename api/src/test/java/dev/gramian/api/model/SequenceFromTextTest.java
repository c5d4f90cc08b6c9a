package dev.gramian.api.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Sequences from text: BOS (if any), prompt, response; the response is what is scored. */
class SequenceFromTextTest {

    /** One id per byte; BOS 256 when {@code withBos}. */
    private static Tokenizer bytes(boolean withBos) {
        return new Tokenizer() {
            public int vocabularySize() {
                return 257;
            }

            public int[] encode(String text) {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                int[] ids = new int[b.length];
                for (int i = 0; i < b.length; i++) {
                    ids[i] = b[i] & 0xff;
                }
                return ids;
            }

            public String decode(int[] ids) {
                throw new UnsupportedOperationException();
            }

            public OptionalInt bos() {
                return withBos ? OptionalInt.of(256) : OptionalInt.empty();
            }

            public OptionalInt eos() {
                return OptionalInt.empty();
            }

            public OptionalInt pad() {
                return OptionalInt.empty();
            }
        };
    }

    @Test
    void bosThenPromptThenResponse() {
        Sequence s = Sequence.fromText(bytes(true), "ab", "c");
        assertArrayEquals(new int[] {256, 'a', 'b', 'c'}, s.tokens());
        assertEquals(3, s.responseStart());
        assertEquals(1, s.responseLength());
    }

    @Test
    void withoutBosThePromptComesFirstAndSomethingMustPrecedeTheResponse() {
        Sequence s = Sequence.fromText(bytes(false), "ab", "cd");
        assertArrayEquals(new int[] {'a', 'b', 'c', 'd'}, s.tokens());
        assertEquals(2, s.responseStart());
        assertThrows(IllegalArgumentException.class, () -> Sequence.fromText(bytes(false), "", "cd"));
        assertThrows(IllegalArgumentException.class, () -> Sequence.fromText(bytes(true), "ab", ""));
    }
}
