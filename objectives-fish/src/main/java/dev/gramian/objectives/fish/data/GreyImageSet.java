package dev.gramian.objectives.fish.data;

import dev.gramian.api.data.ExampleSet;
import dev.gramian.api.model.LabeledBatch;

/**
 * Single-channel 28×28 images kept as unsigned bytes (a quarter of the memory of floats); a batch
 * expands them to 1×28×28 floats in [0, 1].
 */
final class GreyImageSet implements ExampleSet {
    private static final int PLANE = MnistDigits.SIDE * MnistDigits.SIDE;
    private final byte[] pixels;
    private final int[] labels;

    GreyImageSet(byte[] pixels, int[] labels) {
        if (pixels.length != (long) labels.length * PLANE) {
            throw new IllegalArgumentException(pixels.length + " pixels for " + labels.length + " images");
        }
        this.pixels = pixels;
        this.labels = labels;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] exampleShape() {
        return new int[] {1, MnistDigits.SIDE, MnistDigits.SIDE};
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public LabeledBatch batch(int[] indices) {
        float[] x = new float[indices.length * PLANE];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int source = indices[i] * PLANE;
            for (int p = 0; p < PLANE; p++) {
                x[i * PLANE + p] = (pixels[source + p] & 0xFF) / 255f;
            }
            y[i] = labels[indices[i]];
        }
        return new LabeledBatch(x, y);
    }
}
