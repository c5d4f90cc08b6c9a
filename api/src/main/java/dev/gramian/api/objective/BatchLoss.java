package dev.gramian.api.objective;

import dev.gramian.api.algebra.Dual;
import dev.gramian.api.algebra.DualAlgebra;
import dev.gramian.api.algebra.OrderedAlgebra;

import java.util.ArrayList;
import java.util.List;

/**
 * An objective over the whole batch rather than one pair at a time: TRL's {@code aot} sorts the
 * batch's margins, its {@code sft} averages over all the batch's tokens. Written once against an
 * {@link OrderedAlgebra}, so it runs on doubles and on dual numbers; the trainer evaluates it on the
 * batch's log-probabilities and descends along the exact derivatives, so it needs no graph of its
 * own.
 *
 * <p>Implementations must: use only the operations of the given algebra (sorting included; no
 * branching on values); be stable for margins up to ±1e4; ignore the reference terms when
 * {@link #usesReference()} is false; and be immutable once created.
 */
public non-sealed interface BatchLoss extends Objective {

    /**
     * The loss of a batch of B pairs, normalised like a mean over pairs (TRL's {@code mean()} of its
     * per-sequence losses), so that it adds to per-pair losses with the same weight.
     *
     * @param algebra the algebra to compute in
     * @param batch   the pairs' terms, at least one
     * @param <T>     the algebra's value type
     */
    <T> T loss(OrderedAlgebra<T> algebra, List<PairTerms<T>> batch);

    /** Evaluates on dual numbers with a derivative for each of the 2B policy log-probabilities. */
    @Override
    default BatchEvaluation evaluate(List<PairScores> batch) {
        int b = batch.size();
        DualAlgebra duals = new DualAlgebra(2 * b);
        List<PairTerms<Dual>> terms = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            PairScores p = batch.get(i);
            terms.add(new PairTerms<>(duals.variable(i, p.logpChosen()), duals.variable(b + i, p.logpRejected()),
                    duals.constant(p.refLogpChosen()), duals.constant(p.refLogpRejected()),
                    duals.constant(p.lenChosen()), duals.constant(p.lenRejected())));
        }
        Dual loss = loss(duals, terms);
        List<LossEvaluation> pairs = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            pairs.add(new LossEvaluation(loss.value(), b * loss.derivative(i), b * loss.derivative(b + i)));
        }
        return new BatchEvaluation(loss.value(), pairs);
    }
}
