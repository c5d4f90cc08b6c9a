package dev.gramian.api.generation;

import dev.gramian.api.random.SplitMix64;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Temperature, top-k and top-p against hand-computed distributions, and draws against them. */
class NextTokenSamplerTest {

    private static NextTokenSampler sampler(double temperature, int topK, double topP) {
        return new NextTokenSampler(new GenerationSettings(4, temperature, topK, topP, 0, true));
    }

    @Test
    void greedyTakesTheLargestLogitAndTheLowestIdOnTies() {
        assertEquals(2, NextTokenSampler.argmax(new double[]{0.5, -1, 3, 3, Double.NaN}));
        NextTokenSampler greedy = new NextTokenSampler(GenerationSettings.greedy(3));
        assertArrayEquals(new double[]{0, 1, 0}, greedy.probabilities(new double[]{1, 7, 7}));
        assertThrows(IllegalArgumentException.class, () -> NextTokenSampler.argmax(new double[]{Double.NaN}));
    }

    @Test
    void temperatureThenTopKKeepsTheKLargestTemperedLogits() {
        double[] p = sampler(2, 2, 1).probabilities(new double[]{1, 2, 3, 4});
        double e = Math.exp(0.5);
        assertArrayEquals(new double[]{0, 0, 1 / (1 + e), e / (1 + e)}, p, 1e-15);
        // Ties at the k-th value stay, as in Hugging Face's TopKLogitsWarper.
        double[] tie = sampler(1, 2, 1).probabilities(new double[]{0, 1, 1, 2});
        assertEquals(0, tie[0]);
        assertEquals(1, tie[1] + tie[2] + tie[3], 1e-15);
        assertEquals(tie[1], tie[2]);
    }

    @Test
    void topPDropsTheLeastLikelyTokensWhoseMassStaysWithinOneMinusP() {
        double[] logits = {Math.log(0.1), Math.log(0.2), Math.log(0.3), Math.log(0.4)};
        assertArrayEquals(new double[]{0, 0, 3 / 7.0, 4 / 7.0}, sampler(1, 0, 0.6).probabilities(logits), 1e-12);
        assertArrayEquals(new double[]{0, 2 / 9.0, 3 / 9.0, 4 / 9.0}, sampler(1, 0, 0.75).probabilities(logits), 1e-12);
        // The most likely token always stays.
        assertArrayEquals(new double[]{0, 0, 0, 1}, sampler(1, 0, 0.01).probabilities(logits), 1e-12);
        // Top-k first, then top-p over the renormalised k tokens: 0.3/0.7 ≤ 1 − 0.5 is dropped.
        assertArrayEquals(new double[]{0, 0, 0, 1}, sampler(1, 2, 0.5).probabilities(logits), 1e-12);
    }

    @Test
    void drawsFollowTheDistributionAndRepeatWithTheSeed() {
        NextTokenSampler s = sampler(0.7, 3, 0.9);
        double[] logits = {0.3, -1, 1.2, 0.8, 0.1};
        double[] p = s.probabilities(logits);
        int[] counts = new int[logits.length];
        SplitMix64 random = new SplitMix64(42);
        int draws = 40_000;
        for (int i = 0; i < draws; i++) {
            counts[s.next(logits, random)]++;
        }
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i], counts[i] / (double) draws, 0.01, "token " + i);
        }
        SplitMix64 a = new SplitMix64(7);
        SplitMix64 b = new SplitMix64(7);
        for (int i = 0; i < 100; i++) {
            assertEquals(s.next(logits, a), s.next(logits, b));
        }
    }

    @Test
    void settingsRejectValuesOutsideTheirRanges() {
        assertThrows(IllegalArgumentException.class, () -> new GenerationSettings(0, 0, 0, 1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new GenerationSettings(1, -0.5, 0, 1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new GenerationSettings(1, Double.NaN, 0, 1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new GenerationSettings(1, 1, -1, 1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new GenerationSettings(1, 1, 0, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new GenerationSettings(1, 1, 0, 1.5, 0, true));
    }
}
