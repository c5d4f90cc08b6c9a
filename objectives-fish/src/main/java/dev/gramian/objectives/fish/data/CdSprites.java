package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DenseExampleSet;
import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.data.DomainSplit;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.random.SplitMix64;

import java.util.ArrayList;
import java.util.List;

/**
 * CdSprites-N (Shi et al., 2022): classify squares (label 0) against ellipses (label 1), drawn as
 * in dSprites at random scale, orientation and position on black, RGB, channels first. Training
 * domain d paints every square in one colour and every ellipse in another (hues h_d and h_d + ½,
 * h_d drawn from the seed), so within a domain colour determines the label perfectly, but the
 * colour-to-shape map differs between domains. The test domain paints each image in a colour of
 * uniformly random hue, so colour carries no signal there. The paper renders 64×64; the default
 * here is 32×32 so that training on two CPU cores takes seconds.
 */
public final class CdSprites implements DomainDataset {
    private static final double SATURATION = 0.9;

    /**
     * @param domains            N ≥ 1 training domains
     * @param imageSize          side in pixels, at least 16
     * @param trainExamples      training examples per domain
     * @param validationExamples validation examples per domain
     * @param testExamples       test examples
     */
    public record Settings(int domains, int imageSize, int trainExamples, int validationExamples, int testExamples) {
        public Settings {
            if (domains < 1) {
                throw new IllegalArgumentException("need at least one domain, got " + domains);
            }
            if (imageSize < 16) {
                throw new IllegalArgumentException("image size must be at least 16, got " + imageSize);
            }
            if (trainExamples < 1 || validationExamples < 1 || testExamples < 1) {
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
        return new ClassifierConfig("cnn", new int[] {3, n, n}, 2, List.of(16, 32));
    }

    @Override
    public DomainData load(long seed) {
        SplitMix64 root = new SplitMix64(seed);
        SpriteRenderer renderer = new SpriteRenderer(settings.imageSize());
        List<DomainSplit> training = new ArrayList<>();
        for (int d = 0; d < settings.domains(); d++) {
            SplitMix64 random = root.derive(d + 1);
            double hue = random.nextDouble();
            float[][] palette = {rgb(hue), rgb(hue + 0.5)};
            training.add(new DomainSplit("domain-" + d,
                    render(renderer, settings.trainExamples(), random, palette),
                    render(renderer, settings.validationExamples(), random, palette)));
        }
        return new DomainData(training, "random-colours",
                render(renderer, settings.testExamples(), root.derive(0), null), 2);
    }

    /** Renders {@code n} sprites; {@code palette[label]} colours them, or a random hue each when null. */
    private DenseExampleSet render(SpriteRenderer renderer, int n, SplitMix64 random, float[][] palette) {
        int side = settings.imageSize();
        int plane = side * side;
        float[] x = new float[n * 3 * plane];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(2);
            float[] mask = renderer.render(SpriteRenderer.Shape.values()[y[i]], random.nextInt(SpriteRenderer.SCALES),
                    random.nextInt(SpriteRenderer.ORIENTATIONS), random.nextInt(SpriteRenderer.POSITIONS),
                    random.nextInt(SpriteRenderer.POSITIONS));
            float[] colour = palette != null ? palette[y[i]] : rgb(random.nextDouble());
            for (int c = 0; c < 3; c++) {
                int base = (i * 3 + c) * plane;
                for (int p = 0; p < plane; p++) {
                    x[base + p] = mask[p] * colour[c];
                }
            }
        }
        return new DenseExampleSet(x, y, new int[] {3, side, side});
    }

    /** The RGB colour of {@code hue} (turns, wrapped into [0, 1)) at fixed saturation and full value. */
    static float[] rgb(double hue) {
        double h = (hue - Math.floor(hue)) * 6;
        int sector = (int) h;
        double f = h - sector;
        float v = 1;
        float p = (float) (1 - SATURATION);
        float q = (float) (1 - SATURATION * f);
        float t = (float) (1 - SATURATION * (1 - f));
        return switch (sector % 6) {
            case 0 -> new float[] {v, t, p};
            case 1 -> new float[] {q, v, p};
            case 2 -> new float[] {p, v, t};
            case 3 -> new float[] {p, q, v};
            case 4 -> new float[] {t, p, v};
            default -> new float[] {v, p, q};
        };
    }
}
