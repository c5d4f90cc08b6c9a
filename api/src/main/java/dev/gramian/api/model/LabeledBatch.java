package dev.gramian.api.model;

/**
 * A minibatch of labelled examples for a classifier.
 *
 * @param features row-major, {@code labels.length × inputSize} values
 * @param labels   class ids in {@code [0, classes)}
 */
public record LabeledBatch(float[] features, int[] labels) {
    public LabeledBatch {
        if (labels.length == 0 || features.length % labels.length != 0) {
            throw new IllegalArgumentException(features.length + " features do not split into "
                    + labels.length + " examples");
        }
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }
}
