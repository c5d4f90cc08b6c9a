package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.plugin.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CdSpritesTest {
    private static final int SIDE = 16;

    private static DomainData load(int domains, long seed) {
        var provider = new CdSpritesProvider();
        return provider.create(Options.resolve(provider.info(), Map.of("domains", Integer.toString(domains),
                "image_size", Integer.toString(SIDE), "train_examples", "300", "validation_examples", "50",
                "test_examples", "1500"))).load(seed);
    }

    /**
     * The colour of example i: the RGB of its brightest pixel divided by its largest channel (every
     * colour has full value, so this undoes partial coverage), rounded to 1/1000.
     */
    private static List<Float> colour(LabeledBatch batch, int i) {
        int plane = SIDE * SIDE;
        int base = i * 3 * plane;
        int best = 0;
        double bestSum = -1;
        for (int p = 0; p < plane; p++) {
            double sum = batch.features()[base + p] + batch.features()[base + plane + p] + batch.features()[base + 2 * plane + p];
            if (sum > bestSum) {
                bestSum = sum;
                best = p;
            }
        }
        float r = batch.features()[base + best];
        float g = batch.features()[base + plane + best];
        float b = batch.features()[base + 2 * plane + best];
        float max = Math.max(r, Math.max(g, b));
        return List.of(Math.round(1000 * r / max) / 1000f, Math.round(1000 * g / max) / 1000f,
                Math.round(1000 * b / max) / 1000f);
    }

    @Test
    void withinATrainingDomainColourDeterminesShape() {
        DomainData data = load(4, 7);
        Set<List<Float>> allColours = new HashSet<>();
        for (var domain : data.training()) {
            for (ExampleSet set : List.of(domain.train(), domain.validation())) {
                LabeledBatch batch = set.batch(0, set.size());
                Map<Integer, Set<List<Float>>> byLabel = new HashMap<>();
                for (int i = 0; i < batch.size(); i++) {
                    byLabel.computeIfAbsent(batch.labels()[i], k -> new HashSet<>()).add(colour(batch, i));
                }
                assertEquals(Set.of(0, 1), byLabel.keySet());
                assertEquals(1, byLabel.get(0).size(), domain.name() + ": squares in one colour");
                assertEquals(1, byLabel.get(1).size(), domain.name() + ": ellipses in one colour");
                assertNotEquals(byLabel.get(0), byLabel.get(1));
                allColours.addAll(byLabel.get(0));
                allColours.addAll(byLabel.get(1));
            }
        }
        assertEquals(8, allColours.size(), "each domain has its own pair of colours");
    }

    @Test
    void atTestColourCarriesNoSignal() {
        DomainData data = load(2, 8);
        LabeledBatch batch = data.test().batch(0, data.test().size());
        Set<List<Float>> colours = new HashSet<>();
        double[][] channelMean = new double[2][3];
        int[] count = new int[2];
        for (int i = 0; i < batch.size(); i++) {
            List<Float> c = colour(batch, i);
            colours.add(c);
            int y = batch.labels()[i];
            count[y]++;
            for (int k = 0; k < 3; k++) {
                channelMean[y][k] += c.get(k);
            }
        }
        assertTrue(colours.size() > 1000, "colours should be random per image, got " + colours.size());
        for (int k = 0; k < 3; k++) {
            double difference = channelMean[0][k] / count[0] - channelMean[1][k] / count[1];
            // Channel values have standard deviation about 0.37; 1500 images give a standard error near 0.02.
            assertTrue(Math.abs(difference) < 0.08, "channel " + k + " differs by " + difference + " between shapes");
        }
        assertEquals(2, data.classes());
        assertArrayEquals(new int[] {3, SIDE, SIDE}, data.exampleShape());
    }

    @Test
    void sameSeedSameImages() {
        DomainData a = load(3, 5);
        DomainData b = load(3, 5);
        DomainData c = load(3, 6);
        assertArrayEquals(a.training().get(2).train().batch(0, 20).features(),
                b.training().get(2).train().batch(0, 20).features());
        assertArrayEquals(a.test().batch(0, 20).features(), b.test().batch(0, 20).features());
        assertFalse(Arrays.equals(a.test().batch(0, 20).features(), c.test().batch(0, 20).features()));
    }

    @ParameterizedTest
    @EnumSource(SpriteRenderer.Shape.class)
    void spritesStayInsideTheImageAndShapesDiffer(SpriteRenderer.Shape shape) {
        int n = 32;
        var renderer = new SpriteRenderer(n);
        for (int corner : new int[] {0, SpriteRenderer.POSITIONS - 1}) {
            for (int orientation = 0; orientation < SpriteRenderer.ORIENTATIONS; orientation += 5) {
                float[] mask = renderer.render(shape, SpriteRenderer.SCALES - 1, orientation, corner, corner);
                for (int i = 0; i < n; i++) {
                    assertEquals(0, mask[i] + mask[(n - 1) * n + i] + mask[i * n] + mask[i * n + n - 1],
                            "sprite touches the border at orientation " + orientation);
                }
            }
        }
        // Area at scale 1: square (2r)², ellipse π·r·r/2 with r = 0.18·n.
        double r = 0.18 * n;
        double expected = shape == SpriteRenderer.Shape.SQUARE ? 4 * r * r : Math.PI * r * r / 2;
        float[] mask = renderer.render(shape, SpriteRenderer.SCALES - 1, 3, 16, 16);
        double area = 0;
        for (float v : mask) {
            area += v;
        }
        assertEquals(expected, area, 0.04 * expected);
    }
}
