package dev.gramian.api.model;

import java.util.Arrays;
import java.util.List;

/**
 * Shape of a classifier.
 *
 * @param architecture {@code mlp} (flattened input, hidden layers of {@code hidden} widths, ReLU) or
 *                     {@code cnn} (conv layers of {@code hidden} channels, 3×3, ReLU, 2×2 max-pool, linear head)
 * @param inputShape   per-example input shape: {@code [features]} for mlp, {@code [channels, height, width]} for cnn
 * @param classes      number of classes
 * @param hidden       hidden widths (mlp) or channel counts (cnn)
 */
public record ClassifierConfig(String architecture, int[] inputShape, int classes, List<Integer> hidden) {
    public ClassifierConfig {
        if (!architecture.equals("mlp") && !architecture.equals("cnn")) {
            throw new IllegalArgumentException("unknown architecture '" + architecture + "'; known: mlp, cnn");
        }
        inputShape = inputShape.clone();
        if (architecture.equals("cnn") && inputShape.length != 3) {
            throw new IllegalArgumentException("cnn input shape must be [channels, height, width], got "
                    + Arrays.toString(inputShape));
        }
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
        hidden = List.copyOf(hidden);
    }

    /** Number of input features per example. */
    public int inputSize() {
        int n = 1;
        for (int d : inputShape) {
            n *= d;
        }
        return n;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }
}
