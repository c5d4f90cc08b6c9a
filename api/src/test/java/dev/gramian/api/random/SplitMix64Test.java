package dev.gramian.api.random;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitMix64Test {

    /** Published reference outputs (Rosetta Code "Pseudo-random numbers/Splitmix64", seed 1234567). */
    @Test
    void matchesPublishedOutputsForSeed1234567() {
        var rng = new SplitMix64(1234567);
        long[] expected = {
                Long.parseUnsignedLong("6457827717110365317"),
                Long.parseUnsignedLong("3203168211198807973"),
                Long.parseUnsignedLong("9817491932198370423"),
                Long.parseUnsignedLong("4593380528125082431"),
                Long.parseUnsignedLong("16408922859458223821")};
        assertArrayEquals(expected, IntStream.range(0, 5).mapToLong(i -> rng.nextLong()).toArray());
    }

    /** Vigna's splitmix64.c seeded with 0 starts with these outputs. */
    @Test
    void matchesReferenceOutputsForSeedZero() {
        var rng = new SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, rng.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, rng.nextLong());
        assertEquals(0x06C45D188009454FL, rng.nextLong());
    }

    @Test
    void savedStateContinuesTheSameStreamForEveryKindOfDraw() {
        var original = new SplitMix64(42);
        for (int i = 0; i < 17; i++) {
            original.nextDouble();
        }
        var resumed = new SplitMix64(original.state());
        for (int i = 0; i < 100; i++) {
            assertEquals(original.nextInt(1000), resumed.nextInt(1000));
            assertEquals(Double.doubleToRawLongBits(original.nextGaussian()),
                    Double.doubleToRawLongBits(resumed.nextGaussian()));
        }
        assertEquals(original.state(), resumed.state());
    }

    @Test
    void derivedStreamsAreReproducibleDistinctAndLeaveTheParentAlone() {
        var parent = new SplitMix64(7);
        long before = parent.state();
        long first = parent.derive(1).nextLong();
        assertEquals(before, parent.state());
        assertEquals(first, parent.derive(1).nextLong());
        assertNotEquals(first, parent.derive(2).nextLong());
        assertNotEquals(new SplitMix64(before).nextLong(), first);
        assertNotEquals(parent.derive(0).nextLong(), new SplitMix64(8).derive(0).nextLong());
    }

    @Test
    void doublesAreUniformInTheUnitInterval() {
        var rng = new SplitMix64(99);
        double sum = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double x = rng.nextDouble();
            assertTrue(x >= 0 && x < 1, "out of range: " + x);
            sum += x;
        }
        // The mean of n uniforms has standard deviation 1/sqrt(12 n) ≈ 0.002; allow five of them.
        assertEquals(0.5, sum / n, 0.01);
    }
}
