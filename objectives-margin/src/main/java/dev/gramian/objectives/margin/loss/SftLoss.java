package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenNll;

/**
 * Supervised fine-tuning on the chosen response only: {@code NLL(y_w) = −lw/|y_w|}. The rejected
 * response is ignored (its derivative is 0); the baseline every preference loss is compared with.
 */
public record SftLoss() implements MarginLoss {
    @Override
    public boolean usesReference() {
        return false;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        return chosenNll(a, pair);
    }
}
