package dev.gramian.api.objective;

import dev.gramian.api.algebra.OrderedAlgebra;

import java.util.ArrayList;
import java.util.List;

/**
 * A weighted sum of objectives of which at least one is a batch loss, itself a batch loss: each
 * margin loss contributes its mean over the batch, each batch loss its value, as TRL adds
 * {@code per_sequence_loss.mean() * weight} for every {@code loss_type}.
 *
 * @param components at least one, in the order given
 */
public record BatchLossSum(List<WeightedLoss> components) implements BatchLoss {
    public BatchLossSum {
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a sum needs a component");
        }
    }

    @Override
    public boolean usesReference() {
        return components.stream().anyMatch(c -> c.objective().usesReference());
    }

    @Override
    public <T> T loss(OrderedAlgebra<T> algebra, List<PairTerms<T>> batch) {
        T sum = null;
        for (WeightedLoss component : components) {
            T value = component.objective() instanceof MarginLoss margin
                    ? mean(algebra, margin, batch) : ((BatchLoss) component.objective()).loss(algebra, batch);
            T term = algebra.scale(value, component.weight());
            sum = sum == null ? term : algebra.add(sum, term);
        }
        return sum;
    }

    /**
     * The weighted sum of the components' evaluations: each pair's loss is its margin losses plus
     * the batch losses' values, so that the batch's loss is still the mean of the pairs'.
     */
    @Override
    public BatchEvaluation evaluate(List<PairScores> batch) {
        double loss = 0;
        double[][] sums = new double[3][batch.size()];
        for (WeightedLoss component : components) {
            BatchEvaluation part = component.objective().evaluate(batch);
            loss += component.weight() * part.loss();
            for (int i = 0; i < batch.size(); i++) {
                LossEvaluation pair = part.pairs().get(i);
                sums[0][i] += component.weight() * pair.loss();
                sums[1][i] += component.weight() * pair.dLogpChosen();
                sums[2][i] += component.weight() * pair.dLogpRejected();
            }
        }
        List<LossEvaluation> pairs = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            pairs.add(new LossEvaluation(sums[0][i], sums[1][i], sums[2][i]));
        }
        return new BatchEvaluation(loss, pairs);
    }

    /** As {@link MarginLossSum#rewardScale()}. */
    @Override
    public double rewardScale() {
        return WeightedLoss.rewardScaleOf(components);
    }

    private static <T> T mean(OrderedAlgebra<T> algebra, MarginLoss loss, List<PairTerms<T>> batch) {
        T sum = null;
        for (PairTerms<T> pair : batch) {
            T value = loss.loss(algebra, pair);
            sum = sum == null ? value : algebra.add(sum, value);
        }
        return algebra.scale(sum, 1.0 / batch.size());
    }
}
