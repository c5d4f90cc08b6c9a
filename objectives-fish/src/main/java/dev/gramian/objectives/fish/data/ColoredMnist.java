package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.data.DomainSplit;
import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.random.SplitMix64;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Colored MNIST as DomainBed builds it: three environments of the pooled digits; the label is
 * {@code 1[digit < 5]} flipped with probability 0.25, the colour is the label flipped with the
 * environment's probability e ∈ {0.1, 0.2, 0.9} (named +90%, +80%, −90% after the colour-label
 * agreement), and the image is 2×28×28 with the digit in the channel of its colour. Colour
 * predicts the label better than shape (75%) in the first two environments and the reverse in the
 * third, the default held-out one.
 */
public final class ColoredMnist implements DomainDataset {
    /** The colour-flip probabilities of the three environments. */
    static final double[] COLOUR_FLIP = {0.1, 0.2, 0.9};
    private static final String[] NAMES = {"+90%", "+80%", "-90%"};
    /** Probability that the label disagrees with the digit's class. */
    static final double LABEL_FLIP = 0.25;

    private final MnistSettings settings;

    public ColoredMnist(MnistSettings settings) {
        if (settings.testDomain() >= COLOUR_FLIP.length) {
            throw new IllegalArgumentException("test domain must be 0, 1 or 2, got " + settings.testDomain());
        }
        this.settings = settings;
    }

    @Override
    public ClassifierConfig suggestedModel() {
        return new ClassifierConfig("cnn", new int[] {2, MnistDigits.SIDE, MnistDigits.SIDE}, 2, List.of(16, 32));
    }

    @Override
    public List<Path> sourceFiles() {
        return settings.files();
    }

    @Override
    public DomainData load(long seed) {
        return build(MnistDigits.read(settings.directory()), seed);
    }

    /** The environments over {@code digits} (what {@link #load} does after reading the files). */
    DomainData build(MnistDigits digits, long seed) {
        int[][] environments = settings.partition(digits.count(), COLOUR_FLIP.length, seed);
        SplitMix64 root = new SplitMix64(seed).derive(1);
        List<DomainSplit> training = new ArrayList<>();
        ExampleSet test = null;
        for (int e = 0; e < COLOUR_FLIP.length; e++) {
            int[] images = environments[e];
            SplitMix64 random = root.derive(e);
            int[] labels = new int[images.length];
            int[] colours = new int[images.length];
            for (int i = 0; i < images.length; i++) {
                int label = digits.labels()[images[i]] < 5 ? 1 : 0;
                labels[i] = random.nextDouble() < LABEL_FLIP ? 1 - label : label;
                colours[i] = random.nextDouble() < COLOUR_FLIP[e] ? 1 - labels[i] : labels[i];
            }
            if (e == settings.testDomain()) {
                test = new ColoredDigitSet(digits, images, labels, colours);
                continue;
            }
            int v = settings.validationCount(images.length);
            training.add(new DomainSplit(NAMES[e],
                    slice(digits, images, labels, colours, v, images.length),
                    slice(digits, images, labels, colours, 0, v)));
        }
        return new DomainData(training, NAMES[settings.testDomain()], test, 2);
    }

    private static ColoredDigitSet slice(MnistDigits digits, int[] images, int[] labels, int[] colours, int from, int to) {
        return new ColoredDigitSet(digits, Arrays.copyOfRange(images, from, to), Arrays.copyOfRange(labels, from, to),
                Arrays.copyOfRange(colours, from, to));
    }
}
