package dev.gramian.api.objective;

import java.util.Objects;

/**
 * One component of a weighted sum of objectives: its id and weight, and the objective created for
 * it with its own options.
 *
 * @param component the id and weight
 * @param objective the component's objective, a margin or a batch loss
 */
public record WeightedLoss(ObjectiveSpec.Component component, Objective objective) {
    public WeightedLoss {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(objective, "objective");
    }

    /** The component's weight. */
    public double weight() {
        return component.weight();
    }
}
