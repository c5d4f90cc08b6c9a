package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.model.LabeledBatch;

/**
 * Colored-MNIST examples kept as references into the grey digits plus one colour bit each; a batch
 * expands them to 2×28×28 floats in [0, 1], the digit in channel {@code colour}, the other zero.
 */
final class ColoredDigitSet implements ExampleSet {
    private static final int PLANE = MnistDigits.SIDE * MnistDigits.SIDE;
    private final MnistDigits digits;
    private final int[] images;
    private final int[] labels;
    private final int[] colours;

    ColoredDigitSet(MnistDigits digits, int[] images, int[] labels, int[] colours) {
        if (images.length != labels.length || images.length != colours.length) {
            throw new IllegalArgumentException("images, labels and colours differ in length");
        }
        this.digits = digits;
        this.images = images;
        this.labels = labels;
        this.colours = colours;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] exampleShape() {
        return new int[] {2, MnistDigits.SIDE, MnistDigits.SIDE};
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** The colour (channel) of example {@code index}. */
    int colour(int index) {
        return colours[index];
    }

    @Override
    public LabeledBatch batch(int[] indices) {
        float[] x = new float[indices.length * 2 * PLANE];
        int[] y = new int[indices.length];
        byte[] pixels = digits.pixels();
        for (int i = 0; i < indices.length; i++) {
            int k = indices[i];
            int source = images[k] * PLANE;
            int target = (2 * i + colours[k]) * PLANE;
            for (int p = 0; p < PLANE; p++) {
                x[target + p] = (pixels[source + p] & 0xFF) / 255f;
            }
            y[i] = labels[k];
        }
        return new LabeledBatch(x, y);
    }
}
