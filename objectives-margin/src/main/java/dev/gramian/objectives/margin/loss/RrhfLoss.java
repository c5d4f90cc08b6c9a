package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenMeanLogp;
import static dev.gramian.objectives.margin.loss.PairExpressions.chosenNll;
import static dev.gramian.objectives.margin.loss.PairExpressions.rejectedMeanLogp;
import static dev.gramian.objectives.margin.loss.PairExpressions.requireNonNegative;

/**
 * Rank Responses to align with Human Feedback (RRHF, Yuan et al., 2023) on one pair, reference-free:
 * {@code max(0, ll/|y_l| − lw/|y_w|) + α·NLL(y_w)}. The ranking term's derivative is taken as 0 at
 * the kink.
 *
 * @param alpha weight of the SFT term on the chosen response, {@code >= 0}
 */
public record RrhfLoss(double alpha) implements MarginLoss {
    public RrhfLoss {
        requireNonNegative("alpha", alpha);
    }

    @Override
    public boolean usesReference() {
        return false;
    }

    @Override
    public <T> T loss(ScalarAlgebra<T> a, PairTerms<T> pair) {
        T rankViolation = a.relu(a.sub(rejectedMeanLogp(a, pair), chosenMeanLogp(a, pair)));
        return a.add(rankViolation, a.scale(chosenNll(a, pair), alpha));
    }
}
