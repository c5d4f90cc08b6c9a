package dev.gramian.api.objective;

import java.util.List;
import java.util.Objects;

/**
 * One component of a weighted sum of objectives: its plugin id and weight, and the objective
 * created for it with its own options.
 *
 * @param id        the component's plugin id, e.g. {@code dpo}
 * @param weight    its weight in the sum, finite and {@code > 0}
 * @param objective the component's objective, a margin or a batch loss
 */
public record WeightedLoss(String id, double weight, Objective objective) {
    public WeightedLoss {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(objective, "objective");
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight of '" + id + "' must be a finite number > 0, got " + weight);
        }
    }

    /**
     * The β of the first component that reads the reference (TRL logs rewards with its one β), or 1
     * when none does: a sum's {@code rewardScale()}.
     */
    static double rewardScaleOf(List<WeightedLoss> components) {
        return components.stream().filter(c -> c.objective().usesReference()).findFirst()
                .map(c -> c.objective().rewardScale()).orElse(1.0);
    }
}
