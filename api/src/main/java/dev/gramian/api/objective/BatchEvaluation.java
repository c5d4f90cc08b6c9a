package dev.gramian.api.objective;

import java.util.List;

/**
 * An objective evaluated on a batch of B pairs, in the units of a per-pair loss so that margin and
 * batch objectives compare: the batch's loss is the mean of the pairs' {@link LossEvaluation#loss()},
 * and its gradient is {@code (1/B)·Σ_i (d_w,i ∇lw_i + d_l,i ∇ll_i)} with {@code d} the pairs'
 * derivatives. For a margin loss each pair's entry is its own loss and derivatives; for a batch loss
 * {@code L}, each pair's loss is {@code L} itself and its derivatives are {@code B·∂L/∂lw_i} and
 * {@code B·∂L/∂ll_i}.
 *
 * @param loss  the batch's loss, the mean of {@code pairs}' losses
 * @param pairs one entry per pair, in the batch's order
 */
public record BatchEvaluation(double loss, List<LossEvaluation> pairs) {
    public BatchEvaluation {
        pairs = List.copyOf(pairs);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a batch evaluation needs pairs");
        }
    }

    /** The mean of the pairs' evaluations: how a per-pair loss scores a batch. */
    public static BatchEvaluation meanOf(List<LossEvaluation> pairs) {
        return new BatchEvaluation(pairs.stream().mapToDouble(LossEvaluation::loss).sum() / pairs.size(), pairs);
    }
}
