package dev.gramian.api.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A domain-generalisation problem, materialised: the training domains and one held-out test domain
 * whose examples are never trained on or selected with.
 *
 * @param training   the training domains, at least one
 * @param testName   the held-out domain's name
 * @param test       the held-out domain's examples
 * @param classes    the number of classes; every label lies in {@code [0, classes)}
 */
public record DomainData(List<DomainSplit> training, String testName, ExampleSet test, int classes) {
    public DomainData {
        training = List.copyOf(training);
        Objects.requireNonNull(testName, "testName");
        if (training.isEmpty()) {
            throw new IllegalArgumentException("need at least one training domain");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
        int[] shape = test.exampleShape();
        for (DomainSplit split : training) {
            if (!Arrays.equals(split.train().exampleShape(), shape)) {
                throw new IllegalArgumentException("domain '" + split.name() + "' has example shape "
                        + Arrays.toString(split.train().exampleShape()) + ", test domain has " + Arrays.toString(shape));
            }
        }
    }

    /** Number of training domains S. */
    public int domainCount() {
        return training.size();
    }

    /** The shape of one example. */
    public int[] exampleShape() {
        return test.exampleShape();
    }
}
