package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.DomainData;
import dev.gramian.api.data.DomainDataset;
import dev.gramian.api.data.DomainSplit;
import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.model.ClassifierConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rotated MNIST as DomainBed builds it: six environments of the pooled digits, rotated
 * counter-clockwise by 0, 15, 30, 45, 60 and 75 degrees about the image centre (bilinear, black
 * fill), 1×28×28 in [0, 1], ten classes. The default held-out environment is 75°.
 */
public final class RotatedMnist implements DomainDataset {
    /** The environments' rotation angles in degrees. */
    static final int[] ANGLES = {0, 15, 30, 45, 60, 75};

    private final MnistSettings settings;

    public RotatedMnist(MnistSettings settings) {
        if (settings.testDomain() >= ANGLES.length) {
            throw new IllegalArgumentException("test domain must be in [0, 5], got " + settings.testDomain());
        }
        this.settings = settings;
    }

    @Override
    public ClassifierConfig suggestedModel() {
        return new ClassifierConfig("cnn", new int[] {1, MnistDigits.SIDE, MnistDigits.SIDE}, 10, List.of(16, 32));
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
        int[][] environments = settings.partition(digits.count(), ANGLES.length, seed);
        List<DomainSplit> training = new ArrayList<>();
        ExampleSet test = null;
        for (int e = 0; e < ANGLES.length; e++) {
            int[] images = environments[e];
            if (e == settings.testDomain()) {
                test = rotated(digits, images, 0, images.length, ANGLES[e]);
                continue;
            }
            int v = settings.validationCount(images.length);
            training.add(new DomainSplit(ANGLES[e] + "deg", rotated(digits, images, v, images.length, ANGLES[e]),
                    rotated(digits, images, 0, v, ANGLES[e])));
        }
        return new DomainData(training, ANGLES[settings.testDomain()] + "deg", test, 10);
    }

    private static GreyImageSet rotated(MnistDigits digits, int[] images, int from, int to, int degrees) {
        int plane = MnistDigits.SIDE * MnistDigits.SIDE;
        byte[] x = new byte[(to - from) * plane];
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            rotate(digits.pixels(), images[i] * plane, degrees, x, (i - from) * plane);
            y[i - from] = digits.labels()[images[i]];
        }
        return new GreyImageSet(x, y);
    }

    /**
     * Rotates one 28×28 image counter-clockwise by {@code degrees} about its centre: each output
     * pixel samples the source bilinearly at the inversely rotated position (zero outside) and is
     * rounded back to a byte, as rotating an 8-bit image does.
     */
    static void rotate(byte[] source, int sourceOffset, int degrees, byte[] target, int targetOffset) {
        int side = MnistDigits.SIDE;
        double c = (side - 1) / 2.0;
        double cos = Math.cos(Math.toRadians(degrees));
        double sin = Math.sin(Math.toRadians(degrees));
        for (int row = 0; row < side; row++) {
            for (int col = 0; col < side; col++) {
                double dx = col - c;
                double dy = row - c;
                double sx = c + cos * dx - sin * dy;
                double sy = c + sin * dx + cos * dy;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                double value = (1 - fx) * (1 - fy) * pixel(source, sourceOffset, x0, y0)
                        + fx * (1 - fy) * pixel(source, sourceOffset, x0 + 1, y0)
                        + (1 - fx) * fy * pixel(source, sourceOffset, x0, y0 + 1)
                        + fx * fy * pixel(source, sourceOffset, x0 + 1, y0 + 1);
                target[targetOffset + row * side + col] = (byte) Math.round(value);
            }
        }
    }

    private static double pixel(byte[] source, int offset, int x, int y) {
        int side = MnistDigits.SIDE;
        return x < 0 || y < 0 || x >= side || y >= side ? 0 : source[offset + y * side + x] & 0xFF;
    }
}
