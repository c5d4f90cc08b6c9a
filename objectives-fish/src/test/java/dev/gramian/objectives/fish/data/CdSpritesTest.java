package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.random.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
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
    private static final int SIDE = 32;

    private static DomainData load(int domains, long seed) {
        var provider = new CdSpritesProvider();
        return provider.create(Options.resolve(provider.info(), Map.of("domains", Integer.toString(domains),
                "image_size", Integer.toString(SIDE), "train_examples", "300", "validation_examples", "50",
                "selection_examples", "400", "test_examples", "1500"))).load(seed);
    }

    /** Example i's colour as the set's record of it, checked against its pixels: mask × colour, channels first. */
    private static List<Float> colour(ExampleSet set, LabeledBatch batch, int i) {
        float[] rgb = ((SpriteSet) set).colour(i);
        int plane = SIDE * SIDE;
        int on = 0;
        for (int p = 0; p < plane; p++) {
            boolean lit = batch.features()[i * 3 * plane + p] + batch.features()[(i * 3 + 1) * plane + p]
                    + batch.features()[(i * 3 + 2) * plane + p] != 0;
            on += lit ? 1 : 0;
            for (int c = 0; c < 3; c++) {
                assertEquals(lit ? rgb[c] : 0f, batch.features()[(i * 3 + c) * plane + p], "example " + i);
            }
        }
        assertTrue(on >= 5, "example " + i + " shows a sprite, " + on + " pixels");
        return List.of(rgb[0], rgb[1], rgb[2]);
    }

    @Test
    void withinATrainingDomainColourDeterminesShape() {
        DomainData data = load(4, 7);
        Set<List<Float>> allColours = new HashSet<>();
        for (var domain : data.training()) {
            Map<Integer, Set<List<Float>>> byLabel = new HashMap<>();
            for (ExampleSet set : List.of(domain.train(), domain.validation())) {
                LabeledBatch batch = set.batch(0, set.size());
                for (int i = 0; i < batch.size(); i++) {
                    byLabel.computeIfAbsent(batch.labels()[i], k -> new HashSet<>()).add(colour(set, batch, i));
                }
            }
            assertEquals(Set.of(0, 1), byLabel.keySet());
            assertEquals(1, byLabel.get(0).size(), domain.name() + ": squares in one colour");
            assertEquals(1, byLabel.get(1).size(), domain.name() + ": ellipses in one colour");
            assertNotEquals(byLabel.get(0), byLabel.get(1));
            allColours.addAll(byLabel.get(0));
            allColours.addAll(byLabel.get(1));
        }
        assertEquals(8, allColours.size(), "each domain has its own pair of colours");
    }

    @Test
    void atValidationAndTestColourCarriesNoSignalButWasSeenInTraining() {
        DomainData data = load(3, 8);
        Map<List<Float>, Integer> trainingLabel = new HashMap<>();
        for (var domain : data.training()) {
            LabeledBatch batch = domain.train().batch(0, domain.train().size());
            for (int i = 0; i < batch.size(); i++) {
                trainingLabel.put(colour(domain.train(), batch, i), batch.labels()[i]);
            }
        }
        assertEquals(6, trainingLabel.size());
        for (ExampleSet set : List.of(data.test(), data.validation())) {
            LabeledBatch batch = set.batch(0, set.size());
            int[][] counts = new int[2][2]; // [label][label the colour stands for in training]
            Set<List<Float>> seen = new HashSet<>();
            for (int i = 0; i < batch.size(); i++) {
                List<Float> c = colour(set, batch, i);
                assertTrue(trainingLabel.containsKey(c), "colour " + c + " comes from a training domain's pair");
                seen.add(c);
                counts[batch.labels()[i]][trainingLabel.get(c)]++;
            }
            assertEquals(6, seen.size(), "every training colour appears");
            for (int label = 0; label < 2; label++) {
                double agreeing = counts[label][label] / (double) (counts[label][0] + counts[label][1]);
                // Binomial with p = 1/2 over ~n/2 images: standard error below 0.04 here.
                assertEquals(0.5, agreeing, 0.12, "shape " + label + " in its training colour");
            }
        }
        assertEquals(2, data.classes());
        assertArrayEquals(new int[] {3, SIDE, SIDE}, data.exampleShape());
        assertEquals(List.of(300, 50), List.of(data.training().get(0).train().size(),
                data.training().get(0).validation().size()));
        assertEquals(List.of(400, 1500), List.of(data.validation().size(), data.test().size()));
    }

    @ParameterizedTest
    @CsvSource({"5, 0.4", "15, 0.25", "50, 0.15"})
    void paletteColoursAreBrightAndSpreadOverTheCube(int domains, double leastDistance) {
        for (long seed = 1; seed <= 5; seed++) {
            float[][][] palettes = CdSprites.palettes(domains, new SplitMix64(seed));
            assertEquals(domains, palettes.length);
            List<float[]> colours = new ArrayList<>();
            for (float[][] pair : palettes) {
                colours.addAll(List.of(pair));
            }
            for (int i = 0; i < colours.size(); i++) {
                float[] rgb = colours.get(i);
                assertTrue(Math.max(rgb[0], Math.max(rgb[1], rgb[2])) >= CdSprites.MIN_BRIGHTNESS);
                for (int j = i + 1; j < colours.size(); j++) {
                    // independent uniform colours come within about 0.07 of each other at N = 15
                    assertTrue(CdSprites.distance(rgb, colours.get(j)) >= leastDistance,
                            "N = " + domains + ", seed " + seed + ": colours " + i + " and " + j + " too close");
                }
            }
        }
    }

    @Test
    void sameSeedSameImages() {
        DomainData a = load(3, 5);
        DomainData b = load(3, 5);
        DomainData c = load(3, 6);
        assertArrayEquals(a.training().get(2).train().batch(0, 20).features(),
                b.training().get(2).train().batch(0, 20).features());
        assertArrayEquals(a.test().batch(0, 20).features(), b.test().batch(0, 20).features());
        assertArrayEquals(a.validation().batch(0, 20).features(), b.validation().batch(0, 20).features());
        assertFalse(Arrays.equals(a.test().batch(0, 20).features(), c.test().batch(0, 20).features()));
    }

    @Test
    void defaultsAreThePapers64PixelsAndTheAuthorsEncoder() {
        var provider = new CdSpritesProvider();
        var dataset = provider.create(Options.resolve(provider.info(), Map.of()));
        assertEquals("strided-cnn", dataset.suggestedModel().architecture());
        assertArrayEquals(new int[] {3, 64, 64}, dataset.suggestedModel().inputShape());
        assertEquals(List.of(32, 32, 64, 128, 128), dataset.suggestedModel().hidden());
    }

    @ParameterizedTest
    @EnumSource(SpriteRenderer.Shape.class)
    void spritesAreBinaryStayInsideTheImageAndShapesDiffer(SpriteRenderer.Shape shape) {
        int n = 64;
        var renderer = new SpriteRenderer(n);
        for (int corner : new int[] {0, SpriteRenderer.POSITIONS - 1}) {
            for (int orientation = 0; orientation < SpriteRenderer.ORIENTATIONS; orientation += 5) {
                byte[] mask = renderer.render(shape, SpriteRenderer.SCALES - 1, orientation, corner, corner);
                for (int i = 0; i < n; i++) {
                    assertEquals(0, mask[i] + mask[(n - 1) * n + i] + mask[i * n] + mask[i * n + n - 1],
                            "sprite touches the border at orientation " + orientation);
                }
            }
        }
        for (int scale = 0; scale < SpriteRenderer.SCALES; scale++) {
            // Area: square (2r)², ellipse π·r·r/2, with r = 0.18·n·(0.5 + 0.1·scale).
            double r = 0.18 * n * (0.5 + 0.1 * scale);
            double expected = shape == SpriteRenderer.Shape.SQUARE ? 4 * r * r : Math.PI * r * r / 2;
            byte[] mask = renderer.render(shape, scale, 3, 16, 16);
            double area = 0;
            for (byte v : mask) {
                assertTrue(v == 0 || v == 1);
                area += v;
            }
            assertEquals(expected, area, 0.06 * expected, "scale " + scale);
        }
        byte[] square = new SpriteRenderer(n).render(SpriteRenderer.Shape.SQUARE, 2, 7, 10, 20);
        byte[] ellipse = new SpriteRenderer(n).render(SpriteRenderer.Shape.ELLIPSE, 2, 7, 10, 20);
        assertFalse(Arrays.equals(square, ellipse));
    }
}
