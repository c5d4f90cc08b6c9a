package dev.gramian.api.objective;

import dev.gramian.api.algebra.ScalarAlgebra;

import java.util.List;

/**
 * A weighted sum of margin losses, {@code Σ_k w_k·loss_k}, itself a margin loss: TRL's list of
 * {@code loss_type}s with {@code loss_weights} (MPO is {@code dpo} 0.8 + {@code bco} 0.2 + {@code sft}
 * 1.0). Its derivatives, and so the probes' per-pair weights, are those of the sum. A sum with a
 * batch loss among its components is a {@link BatchLossSum}.
 *
 * @param components at least one, each a {@link MarginLoss}, in the order given
 */
public record MarginLossSum(List<WeightedLoss> components) implements MarginLoss {
    public MarginLossSum {
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a sum needs a component");
        }
        for (WeightedLoss c : components) {
            if (!(c.objective() instanceof MarginLoss)) {
                throw new IllegalArgumentException("'" + c.id() + "' is a batch loss; use a BatchLossSum");
            }
        }
    }

    @Override
    public boolean usesReference() {
        return components.stream().anyMatch(c -> c.objective().usesReference());
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> algebra, PairTerms<T> pair) {
        T sum = null;
        for (WeightedLoss component : components) {
            T term = algebra.scale(((MarginLoss) component.objective()).loss(algebra, pair), component.weight());
            sum = sum == null ? term : algebra.add(sum, term);
        }
        return sum;
    }

    /**
     * The β of the first component that reads the reference (TRL logs rewards with its one β), or 1
     * when none does.
     */
    @Override
    public double rewardScale() {
        return WeightedLoss.rewardScaleOf(components);
    }
}
