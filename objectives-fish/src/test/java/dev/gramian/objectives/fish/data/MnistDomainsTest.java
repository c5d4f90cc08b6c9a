package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.DomainSplit;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.random.SplitMix64;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistDomainsTest {
    private static final int PLANE = 784;

    /** {@code n} synthetic digits: random labels; pixels 0 and 2 encode the image's index, pixel 1 its digit. */
    private static MnistDigits synthetic(int n) {
        SplitMix64 random = new SplitMix64(99);
        byte[] pixels = new byte[n * PLANE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
            pixels[i * PLANE] = (byte) (i % 250 + 1);
            pixels[i * PLANE + 2] = (byte) (i / 250);
            pixels[i * PLANE + 1] = (byte) labels[i];
        }
        return new MnistDigits(pixels, labels);
    }

    private static MnistSettings settings(int test, int examples) {
        return new MnistSettings(Path.of("unused"), test, examples, 0.2);
    }

    @Test
    void bothMnistSetsNameTheFourIdxFilesTheyRead() {
        MnistSettings settings = new MnistSettings(Path.of("/data/mnist"), 2, 100, 0.2);
        java.util.List<Path> expected = MnistDigits.FILES.stream().map(Path.of("/data/mnist")::resolve).toList();
        assertEquals(4, expected.size());
        assertEquals(expected, new ColoredMnist(settings).sourceFiles());
        assertEquals(expected, new RotatedMnist(new MnistSettings(Path.of("/data/mnist"), 5, 100, 0.2)).sourceFiles());
    }

    @Test
    void coloredMnistFlipsLabelsAndColoursAtDomainBedRates() {
        int n = 30000;
        MnistDigits digits = synthetic(n);
        DomainData data = new ColoredMnist(settings(2, n)).build(digits, 1);
        assertEquals(2, data.domainCount());
        assertEquals("-90%", data.testName());
        double[] colourFlip = {0.1, 0.2, 0.9};
        int e = 0;
        for (var set : new ColoredDigitSet[] {
                (ColoredDigitSet) data.training().get(0).train(), (ColoredDigitSet) data.training().get(1).train(),
                (ColoredDigitSet) data.test()}) {
            LabeledBatch batch = set.batch(0, set.size());
            int labelFlips = 0;
            int colourFlips = 0;
            for (int i = 0; i < batch.size(); i++) {
                int colour = set.colour(i);
                int digit = Math.round(batch.features()[(2 * i + colour) * PLANE + 1] * 255);
                float other = batch.features()[(2 * i + 1 - colour) * PLANE + 1] + batch.features()[(2 * i + 1 - colour) * PLANE];
                assertEquals(0, other, "the channel of the other colour is empty");
                int y = batch.labels()[i];
                if (y != (digit < 5 ? 1 : 0)) {
                    labelFlips++;
                }
                if (colour != y) {
                    colourFlips++;
                }
            }
            // Binomial standard errors at these sizes are below 0.006; allow four of them.
            assertEquals(0.25, labelFlips / (double) batch.size(), 0.025, "label flips, environment " + e);
            assertEquals(colourFlip[e], colourFlips / (double) batch.size(), 0.025, "colour flips, environment " + e);
            e++;
        }
    }

    @Test
    void environmentsPartitionThePoolAndHoldBackValidation() {
        int n = 6000;
        MnistDigits digits = synthetic(n);
        DomainData data = new RotatedMnist(settings(5, 3000)).build(digits, 4);
        assertEquals(5, data.domainCount());
        assertEquals("75deg", data.testName());
        assertEquals(10, data.classes());
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (DomainSplit split : data.training()) {
            assertEquals(100, split.validation().size(), split.name());
            assertEquals(400, split.train().size(), split.name());
            total += split.train().size() + split.validation().size();
            LabeledBatch batch = split.train().batch(0, split.train().size());
            for (int i = 0; i < batch.size(); i++) {
                assertTrue(batch.labels()[i] >= 0 && batch.labels()[i] < 10);
            }
        }
        assertEquals(500, data.test().size());
        assertEquals(3000, total + data.test().size());
        DomainData again = new RotatedMnist(settings(5, 3000)).build(digits, 4);
        // Environment 0 is rotated by 0°, so its pixels are the originals: index and digit marks survive.
        LabeledBatch first = data.training().get(0).train().batch(0, 400);
        assertArrayEquals(first.features(), again.training().get(0).train().batch(0, 400).features());
        for (int i = 0; i < first.size(); i++) {
            int index = Math.round(first.features()[i * PLANE] * 255) - 1
                    + 250 * Math.round(first.features()[i * PLANE + 2] * 255);
            assertTrue(seen.add(index), "an image appears twice in one environment");
            assertEquals(first.labels()[i], Math.round(first.features()[i * PLANE + 1] * 255), "label travels with image");
        }
    }

    @Test
    void rotationIsCounterClockwiseAboutTheCentre() {
        byte[] image = new byte[PLANE];
        image[13 * 28 + 27] = (byte) 200; // right edge, middle row
        byte[] rotated = new byte[PLANE];
        RotatedMnist.rotate(image, 0, 90, rotated, 0);
        // A quarter turn counter-clockwise moves the right edge to the top edge.
        assertEquals(200, rotated[0 * 28 + 13] & 0xFF);
        byte[] same = new byte[PLANE];
        RotatedMnist.rotate(image, 0, 0, same, 0);
        assertArrayEquals(image, same);
    }
}
