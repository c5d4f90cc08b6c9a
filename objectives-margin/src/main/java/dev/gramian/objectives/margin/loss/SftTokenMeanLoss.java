package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.OrderedAlgebra;
import dev.gramian.api.objective.BatchLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.List;

/**
 * Supervised fine-tuning as TRL's DPOTrainer computes its {@code sft} loss: the mean negative
 * log-likelihood over all chosen-response tokens of the batch, {@code Σ_i −lw_i / Σ_i |y_w,i|}.
 * Unlike {@link SftLoss} (the mean over pairs of each response's per-token NLL) a long response
 * weighs as many tokens as it has; the two agree when all chosen responses have the same length.
 */
public record SftTokenMeanLoss() implements BatchLoss {
    @Override
    public boolean usesReference() {
        return false;
    }

    @Override
    public <T> T loss(OrderedAlgebra<T> a, List<PairTerms<T>> batch) {
        T nll = a.constant(0);
        T tokens = a.constant(0);
        for (PairTerms<T> pair : batch) {
            nll = a.sub(nll, pair.logpChosen());
            tokens = a.add(tokens, pair.lenChosen());
        }
        return a.div(nll, tokens);
    }
}
