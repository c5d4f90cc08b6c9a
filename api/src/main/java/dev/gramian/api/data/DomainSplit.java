package dev.gramian.api.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One training domain: the examples to train on and the held-back examples of the same domain
 * that model selection ("training-domain validation") uses.
 *
 * @param name       the domain's name, e.g. {@code +90%} or {@code 15deg}
 * @param train      the training examples
 * @param validation the validation examples, same example shape
 */
public record DomainSplit(String name, ExampleSet train, ExampleSet validation) {
    public DomainSplit {
        Objects.requireNonNull(name, "name");
        if (train.size() == 0 || validation.size() == 0) {
            throw new IllegalArgumentException("domain '" + name + "' needs training and validation examples");
        }
        if (!Arrays.equals(train.exampleShape(), validation.exampleShape())) {
            throw new IllegalArgumentException("domain '" + name + "': train and validation shapes differ");
        }
    }
}
