package dev.gramian.api.objective;

import java.util.Objects;

/**
 * One component of a combined objective: its plugin id and weight, and the loss created for it with
 * its own options.
 *
 * @param id     the component's plugin id
 * @param weight finite and {@code > 0}
 * @param loss   the component's loss
 */
public record WeightedLoss(String id, double weight, MarginLoss loss) {
    public WeightedLoss {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(loss, "loss");
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight of '" + id + "' must be a finite number > 0, got " + weight);
        }
    }
}
