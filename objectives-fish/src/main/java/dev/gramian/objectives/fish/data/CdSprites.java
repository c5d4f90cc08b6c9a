package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.data.DomainSplit;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.random.SplitMix64;

import java.util.ArrayList;
import java.util.List;

/**
 * CdSprites-N (Shi et al., 2022): classify squares (label 0) against ellipses (label 1), drawn as
 * in dSprites (binary, at one of dSprites' 6 scales, 40 orientations and 32×32 positions) on black,
 * RGB, channels first. Training domain d has its own pair of colours and paints every square in
 * the first and every ellipse in the second, so within a domain colour determines the label, but
 * the colour-to-shape map differs between domains. The 2N colours are spread over the colour cube
 * ({@link #palettes}), so that each is a domain's own: independent random colours would often give
 * one domain's squares nearly the colour of another's ellipses, and a model could then not tell
 * those domains apart by colour alone. As in the authors' code, the validation and
 * test domains take each image's colour from a uniformly random training domain's pair, the colour
 * of the pair chosen at random, independently of the shape: colour carries no signal there, and
 * every colour was seen in training. Models are selected on the validation domain, as the authors'
 * code does. The paper renders 64×64; the suggested model is the authors' encoder (strided-cnn,
 * channels 32, 32, 64, 128, 128) with a linear head.
 */
public final class CdSprites implements DomainDataset {
    /** The channels of the authors' CdSprites encoder. */
    static final List<Integer> ENCODER = List.of(32, 32, 64, 128, 128);
    /** Random candidates per colour of {@link #palettes}, the farthest from the colours before it kept. */
    static final int CANDIDATES = 64;
    /** The least brightest channel of a colour, so that no sprite is nearly black on black. */
    static final double MIN_BRIGHTNESS = 0.4;

    /**
     * @param domains            N ≥ 1 training domains
     * @param imageSize          side in pixels, at least 16
     * @param trainExamples      training examples per domain
     * @param validationExamples validation examples per training domain (its own colours)
     * @param selectionExamples  examples of the random-colour validation domain that selects the model
     * @param testExamples       test examples
     */
    public record Settings(int domains, int imageSize, int trainExamples, int validationExamples,
                           int selectionExamples, int testExamples) {
        public Settings {
            if (domains < 1) {
                throw new IllegalArgumentException("need at least one domain, got " + domains);
            }
            if (imageSize < 16) {
                throw new IllegalArgumentException("image size must be at least 16, got " + imageSize);
            }
            if (trainExamples < 1 || validationExamples < 1 || selectionExamples < 1 || testExamples < 1) {
                throw new IllegalArgumentException("every split needs at least one example");
            }
        }
    }

    private final Settings settings;

    public CdSprites(Settings settings) {
        this.settings = settings;
    }

    @Override
    public ClassifierConfig suggestedModel() {
        int n = settings.imageSize();
        return new ClassifierConfig("strided-cnn", new int[] {3, n, n}, 2, ENCODER);
    }

    @Override
    public DomainData load(long seed) {
        SplitMix64 root = new SplitMix64(seed);
        SpriteRenderer renderer = new SpriteRenderer(settings.imageSize());
        float[][][] palettes = palettes(settings.domains(), root.derive(-7));
        List<DomainSplit> training = new ArrayList<>();
        for (int d = 0; d < settings.domains(); d++) {
            SplitMix64 random = root.derive(settings.domains() + d + 1);
            float[][] palette = palettes[d];
            training.add(new DomainSplit("domain-" + d,
                    render(renderer, settings.trainExamples(), random, (label, r) -> palette[label]),
                    render(renderer, settings.validationExamples(), random, (label, r) -> palette[label])));
        }
        Painter random = (label, r) -> palettes[r.nextInt(palettes.length)][r.nextInt(2)];
        return new DomainData(training, "random-colours",
                render(renderer, settings.testExamples(), root.derive(0), random), 2,
                render(renderer, settings.selectionExamples(), root.derive(-1), random));
    }

    /** The colour of a sprite with {@code label}, possibly drawn from {@code random}. */
    private interface Painter {
        float[] colour(int label, SplitMix64 random);
    }

    /**
     * The {@code domains} pairs of colours (square's, then ellipse's), bright enough and spread apart:
     * each colour is the one of {@link #CANDIDATES} random colours farthest from every colour chosen
     * before it (best-candidate sampling).
     */
    static float[][][] palettes(int domains, SplitMix64 random) {
        List<float[]> chosen = new ArrayList<>();
        for (int k = 0; k < 2 * domains; k++) {
            float[] best = null;
            double bestDistance = -1;
            for (int candidate = 0; candidate < CANDIDATES; candidate++) {
                float[] rgb = colour(random);
                double nearest = Double.POSITIVE_INFINITY;
                for (float[] other : chosen) {
                    nearest = Math.min(nearest, distance(rgb, other));
                }
                if (nearest > bestDistance) {
                    bestDistance = nearest;
                    best = rgb;
                }
            }
            chosen.add(best);
        }
        float[][][] palettes = new float[domains][][];
        for (int d = 0; d < domains; d++) {
            palettes[d] = new float[][] {chosen.get(2 * d), chosen.get(2 * d + 1)};
        }
        return palettes;
    }

    /** The Euclidean distance of two RGB colours. */
    static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += (a[c] - b[c]) * (a[c] - b[c]);
        }
        return Math.sqrt(sum);
    }

    private static float[] colour(SplitMix64 random) {
        while (true) {
            float[] rgb = {(float) random.nextDouble(), (float) random.nextDouble(), (float) random.nextDouble()};
            if (Math.max(rgb[0], Math.max(rgb[1], rgb[2])) >= MIN_BRIGHTNESS) {
                return rgb;
            }
        }
    }

    /** Renders {@code n} sprites of random shape and latents, coloured by {@code painter}. */
    private SpriteSet render(SpriteRenderer renderer, int n, SplitMix64 random, Painter painter) {
        int plane = settings.imageSize() * settings.imageSize();
        byte[] masks = new byte[n * plane];
        float[] colours = new float[3 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(2);
            byte[] mask = renderer.render(SpriteRenderer.Shape.values()[labels[i]], random.nextInt(SpriteRenderer.SCALES),
                    random.nextInt(SpriteRenderer.ORIENTATIONS), random.nextInt(SpriteRenderer.POSITIONS),
                    random.nextInt(SpriteRenderer.POSITIONS));
            System.arraycopy(mask, 0, masks, i * plane, plane);
            System.arraycopy(painter.colour(labels[i], random), 0, colours, 3 * i, 3);
        }
        return new SpriteSet(settings.imageSize(), masks, colours, labels);
    }
}
