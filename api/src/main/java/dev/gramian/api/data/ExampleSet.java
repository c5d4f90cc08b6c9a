package dev.gramian.api.data;

import dev.gramian.api.model.LabeledBatch;

/**
 * A finite, indexable set of labelled examples of one fixed shape. Implementations may store
 * examples compactly (e.g. as bytes) and expand them to floats only when a batch is taken; they
 * must be immutable, so the same indices always give the same batch.
 */
public interface ExampleSet {

    /** Number of examples. */
    int size();

    /** The shape of one example's features, e.g. {@code [2]} or {@code [3, 32, 32]}. */
    int[] exampleShape();

    /** Number of feature values per example: the product of {@link #exampleShape()}. */
    default int exampleSize() {
        int n = 1;
        for (int d : exampleShape()) {
            n *= d;
        }
        return n;
    }

    /** The label of example {@code index}. */
    int label(int index);

    /**
     * The examples at {@code indices}, in that order, as one batch.
     *
     * @throws IndexOutOfBoundsException when an index is outside {@code [0, size())}
     */
    LabeledBatch batch(int[] indices);

    /** The examples {@code from} (inclusive) to {@code to} (exclusive), in order. */
    default LabeledBatch batch(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + size() + " examples");
        }
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return batch(indices);
    }
}
