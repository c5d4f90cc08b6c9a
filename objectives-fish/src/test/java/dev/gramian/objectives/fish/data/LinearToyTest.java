package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.plugin.Options;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LinearToyTest {

    private static DomainData load(Map<String, String> options, long seed) {
        var provider = new LinearToyProvider();
        return provider.create(Options.resolve(provider.info(), options)).load(seed);
    }

    /** The share of examples whose feature {@code feature} has the sign of the label. */
    private static double agreement(ExampleSet set, int feature) {
        LabeledBatch all = set.batch(0, set.size());
        int agree = 0;
        for (int i = 0; i < all.size(); i++) {
            boolean positive = all.features()[2 * i + feature] > 0;
            if (positive == (all.labels()[i] == 1)) {
                agree++;
            }
        }
        return agree / (double) all.size();
    }

    @Test
    void spuriousAgreementFollowsTheDomainAndReversesAtTest() {
        DomainData data = load(Map.of("domains", "3", "train_examples", "6000", "test_examples", "6000"), 3);
        double[] expected = {0.95, 0.825, 0.7};
        for (int d = 0; d < 3; d++) {
            assertEquals(expected[d], agreement(data.training().get(d).train(), LinearToy.SPURIOUS), 0.015);
            // The invariant feature agrees with probability Φ(1/σ) = Φ(1) ≈ 0.841 everywhere.
            assertEquals(0.841, agreement(data.training().get(d).train(), LinearToy.INVARIANT), 0.015);
        }
        assertEquals(0.1, agreement(data.test(), LinearToy.SPURIOUS), 0.015);
        assertEquals(0.841, agreement(data.test(), LinearToy.INVARIANT), 0.015);
        assertEquals("p=0.100", data.testName());
    }

    @Test
    void sameSeedSameDataOtherSeedOther() {
        DomainData a = load(Map.of(), 1);
        DomainData b = load(Map.of(), 1);
        DomainData c = load(Map.of(), 2);
        LabeledBatch first = a.training().get(1).validation().batch(0, 50);
        assertArrayEquals(first.features(), b.training().get(1).validation().batch(0, 50).features());
        assertArrayEquals(a.test().batch(0, 50).labels(), b.test().batch(0, 50).labels());
        assertFalse(Arrays.equals(first.features(), c.training().get(1).validation().batch(0, 50).features()));
    }
}
