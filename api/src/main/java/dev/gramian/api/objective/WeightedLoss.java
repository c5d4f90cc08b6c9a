package dev.gramian.api.objective;

import java.util.Objects;

/**
 * One component of a combined objective: its id and weight, and the loss created for it with its
 * own options.
 *
 * @param component the id and weight
 * @param loss      the component's loss
 */
public record WeightedLoss(ObjectiveSpec.Component component, MarginLoss loss) {
    public WeightedLoss {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(loss, "loss");
    }

    /** The component's weight. */
    public double weight() {
        return component.weight();
    }
}
