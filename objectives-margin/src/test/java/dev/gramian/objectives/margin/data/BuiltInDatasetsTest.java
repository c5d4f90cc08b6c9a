package dev.gramian.objectives.margin.data;

import dev.gramian.api.GramianException;
import dev.gramian.tokenizers.ByteTokenizer;
import dev.gramian.api.objective.PreferencePair;
import dev.gramian.api.objective.PreferenceSplit;
import dev.gramian.api.plugin.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltInDatasetsTest {
    private static PreferenceSplit load(PreferenceDatasetProvider provider, long seed) {
        return provider.create(Options.resolve(provider.info(), Map.of("size", "400"))).load(seed);
    }

    @Test
    void sentimentResponsesDifferInExactlyOneTokenAndShareTheSuffix() {
        ByteTokenizer bytes = new ByteTokenizer();
        for (PreferenceDatasetProvider provider : List.of(new SingleTokenSentimentProvider(),
                new ShortSuffixSentimentProvider(), new LongSuffixSentimentProvider())) {
            PreferenceSplit split = load(provider, 7);
            for (PreferencePair pair : split.train()) {
                int[] w = bytes.encode(pair.chosen());
                int[] l = bytes.encode(pair.rejected());
                assertEquals(w.length, l.length);
                int differing = 0;
                for (int i = 0; i < w.length; i++) {
                    differing += w[i] != l[i] ? 1 : 0;
                }
                assertEquals(1, differing, pair.toString());
                assertEquals(w[0] == '+' ? 1 : 0, positiveWords(pair.prompt()), pair.prompt());
            }
        }
        assertEquals(1, load(new SingleTokenSentimentProvider(), 1).train().get(0).chosen().length());
        assertTrue(load(new LongSuffixSentimentProvider(), 1).train().get(0).chosen().length() > 40);
    }

    private static int positiveWords(String prompt) {
        boolean positive = SentimentPairs.POSITIVE.stream().anyMatch(w -> prompt.matches("(?s).*\\b" + w + "\\b.*"));
        boolean negative = SentimentPairs.NEGATIVE.stream().anyMatch(w -> prompt.matches("(?s).*\\b" + w + "\\b.*"));
        assertNotEquals(positive, negative, prompt);
        return positive ? 1 : 0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1t", "arithmetic"})
    void deterministicAndHeldOutPairsAreUnseen(String id) {
        PreferenceDatasetProvider provider = id.equals("1t") ? new SingleTokenSentimentProvider()
                : new ArithmeticDatasetProvider();
        PreferenceSplit a = load(provider, 3);
        assertEquals(a, load(provider, 3));
        assertNotEquals(a.train(), load(provider, 4).train());
        assertEquals(40, a.eval().size());
        assertEquals(360, a.train().size());
        Set<String> trainPrompts = new HashSet<>();
        a.train().forEach(p -> trainPrompts.add(p.prompt()));
        a.eval().forEach(p -> assertFalse(trainPrompts.contains(p.prompt()), p.prompt()));
    }

    @Test
    void arithmeticChosenIsRightAndRejectedWrong() {
        for (PreferencePair pair : load(new ArithmeticDatasetProvider(), 5).train()) {
            String[] ab = pair.prompt().replace("=", "").split("\\+");
            int sum = Integer.parseInt(ab[0]) + Integer.parseInt(ab[1]);
            assertEquals(Integer.toString(sum), pair.chosen());
            int wrong = Integer.parseInt(pair.rejected());
            assertTrue(wrong != sum && Math.abs(wrong - sum) <= 9 && wrong >= 0, pair.toString());
        }
    }

    @Test
    void encoderAppliesTheTruncationPolicy() {
        ByteTokenizer bytes = new ByteTokenizer();
        PreferencePair pair = new PreferencePair("abcdefgh", "xy", "z");
        EncodedPair fits = new PreferenceEncoder(bytes, 11, TruncationPolicy.ERROR).encode(pair, "data.jsonl", 3);
        assertEquals(9, fits.chosen().responseStart());
        assertEquals(ByteTokenizer.BOS, fits.chosen().tokens()[0]);
        assertEquals(2, fits.chosen().responseLength());
        assertEquals(1, fits.rejected().responseLength());

        var error = assertThrows(GramianException.class,
                () -> new PreferenceEncoder(bytes, 6, TruncationPolicy.ERROR).encode(pair, "data.jsonl", 3));
        assertTrue(error.getMessage().startsWith("data.jsonl:3: "), error.getMessage());
        assertTrue(error.getMessage().contains("--max-length 6"), error.getMessage());

        assertNull(new PreferenceEncoder(bytes, 6, TruncationPolicy.SKIP).encode(pair, "d", 1));
        EncodedPair kept = new PreferenceEncoder(bytes, 6, TruncationPolicy.KEEP_END).encode(pair, "d", 1);
        assertEquals(6, kept.chosen().tokens().length);
        assertEquals(ByteTokenizer.BOS, kept.chosen().tokens()[0]);
        assertEquals('h', kept.chosen().tokens()[3]);
        assertThrows(GramianException.class, () -> new PreferenceEncoder(bytes, 3, TruncationPolicy.KEEP_END)
                .encode(new PreferencePair("abc", "xyz", "z"), "d", 1));
    }

    @Test
    void fullTextsAreSplitAtTheSharedPrefix() {
        PreferencePair pair = PreferenceEncoder.fromFullTexts("Q: 2+2? A: 4", "Q: 2+2? A: 5");
        assertEquals("Q: 2+2? A: ", pair.prompt());
        assertEquals("4", pair.chosen());
        assertEquals("5", pair.rejected());
        assertThrows(IllegalArgumentException.class, () -> PreferenceEncoder.fromFullTexts("same", "same"));
    }
}
