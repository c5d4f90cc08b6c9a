package dev.gramian.api.data;

import dev.gramian.api.model.LabeledBatch;

import java.util.Arrays;

/**
 * Examples held as one row-major float array.
 *
 * @param features     {@code labels.length × exampleSize} values, row-major (not copied)
 * @param labels       one class id per example (not copied)
 * @param exampleShape the shape of one example
 */
public record DenseExampleSet(float[] features, int[] labels, int[] exampleShape) implements ExampleSet {
    public DenseExampleSet {
        exampleShape = exampleShape.clone();
        long size = 1;
        for (int d : exampleShape) {
            if (d <= 0) {
                throw new IllegalArgumentException("non-positive dimension in example shape "
                        + Arrays.toString(exampleShape));
            }
            size *= d;
        }
        if (size * labels.length != features.length) {
            throw new IllegalArgumentException(features.length + " feature values do not make " + labels.length
                    + " examples of shape " + Arrays.toString(exampleShape));
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] exampleShape() {
        return exampleShape.clone();
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public LabeledBatch batch(int[] indices) {
        int width = exampleSize();
        float[] x = new float[indices.length * width];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * width, x, i * width, width);
            y[i] = labels[indices[i]];
        }
        return new LabeledBatch(x, y);
    }
}
