package dev.gramian.api.model;

import java.util.Arrays;
import java.util.List;

/**
 * Shape of a classifier.
 *
 * @param architecture {@code mlp} (flattened input, hidden layers of {@code hidden} widths, ReLU),
 *                     {@code cnn} (conv layers of {@code hidden} channels, 3×3, ReLU, 2×2 max-pool, linear head)
 *                     or {@code strided-cnn} (conv layers of {@code hidden} channels, 4×4 with stride 2 and
 *                     padding 1, except no padding on a last layer whose input is 4×4, ReLU, linear head: with
 *                     channels 32, 32, 64, 128, 128 on 64×64 images, the encoder of the Fish paper's
 *                     CdSprites model)
 * @param inputShape   per-example input shape: {@code [features]} for mlp, {@code [channels, height, width]} for
 *                     the convolutional ones
 * @param classes      number of classes
 * @param hidden       hidden widths (mlp) or channel counts (cnn)
 */
public record ClassifierConfig(String architecture, int[] inputShape, int classes, List<Integer> hidden) {
    /** The known architectures. */
    public static final List<String> ARCHITECTURES = List.of("mlp", "cnn", "strided-cnn");

    public ClassifierConfig {
        if (!ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("unknown architecture '" + architecture + "'; known: "
                    + String.join(", ", ARCHITECTURES));
        }
        inputShape = inputShape.clone();
        if (!architecture.equals("mlp") && inputShape.length != 3) {
            throw new IllegalArgumentException(architecture + " input shape must be [channels, height, width], got "
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
