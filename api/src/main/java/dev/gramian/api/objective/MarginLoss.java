package dev.gramian.api.objective;

import dev.gramian.api.algebra.Dual;
import dev.gramian.api.algebra.DualAlgebra;
import dev.gramian.api.algebra.ScalarAlgebra;

import java.util.List;

/**
 * A margin-based preference loss, written once as a pure function of one pair's terms.
 *
 * <p>Implementations must: use only the operations of the given algebra (no branching on values,
 * so the same code runs element-wise on graph tensors); be stable for margins up to ±1e4 (write
 * {@code log σ(x)} as {@link ScalarAlgebra#logSigmoid}); ignore the reference terms when
 * {@link #usesReference()} is false; and be immutable once created, their options fixed.
 */
public non-sealed interface MarginLoss extends Objective {

    /**
     * The loss of one pair (or, for batched algebras, of each pair element-wise).
     *
     * @param algebra the algebra to compute in
     * @param pair    the pair's terms in that algebra
     * @param <T>     the algebra's value type
     */
    <T> T loss(ScalarAlgebra<T> algebra, PairTerms<T> pair);

    /** Evaluates the loss on doubles with exact derivatives by dual numbers. */
    default LossEvaluation evaluate(PairScores scores) {
        DualAlgebra duals = new DualAlgebra(2);
        Dual loss = loss(duals, new PairTerms<>(
                duals.variable(0, scores.logpChosen()),
                duals.variable(1, scores.logpRejected()),
                duals.constant(scores.refLogpChosen()),
                duals.constant(scores.refLogpRejected()),
                duals.constant(scores.lenChosen()),
                duals.constant(scores.lenRejected())));
        return new LossEvaluation(loss.value(), loss.derivative(0), loss.derivative(1));
    }

    /** The mean over the batch of {@link #evaluate(PairScores)}. */
    @Override
    default BatchEvaluation evaluate(List<PairScores> batch) {
        return BatchEvaluation.meanOf(batch.stream().map(this::evaluate).toList());
    }
}
