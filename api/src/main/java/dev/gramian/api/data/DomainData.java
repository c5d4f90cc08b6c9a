package dev.gramian.api.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A domain-generalisation problem, materialised: the training domains, one held-out test domain
 * whose examples are never trained on or selected with, and optionally a held-out validation
 * domain. Without one, models are selected by their mean accuracy on the training domains'
 * validation examples ("training-domain validation"); with one, by their accuracy on it, as the
 * Fish paper does on CdSprites-N, whose validation and test domains both have random colours.
 *
 * @param training   the training domains, at least one
 * @param testName   the held-out domain's name
 * @param test       the held-out domain's examples
 * @param classes    the number of classes; every label lies in {@code [0, classes)}
 * @param validation the held-out validation domain's examples, or null to select by training-domain
 *                   validation
 */
public record DomainData(List<DomainSplit> training, String testName, ExampleSet test, int classes,
                         ExampleSet validation) {
    public DomainData {
        training = List.copyOf(training);
        Objects.requireNonNull(testName, "testName");
        if (validation != null && !Arrays.equals(validation.exampleShape(), test.exampleShape())) {
            throw new IllegalArgumentException("validation domain has example shape "
                    + Arrays.toString(validation.exampleShape()) + ", test domain has "
                    + Arrays.toString(test.exampleShape()));
        }
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

    /** A problem without a held-out validation domain: models are selected by training-domain validation. */
    public DomainData(List<DomainSplit> training, String testName, ExampleSet test, int classes) {
        this(training, testName, test, classes, null);
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
