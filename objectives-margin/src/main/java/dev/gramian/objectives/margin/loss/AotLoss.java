package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.OrderedAlgebra;
import dev.gramian.api.objective.BatchLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.ArrayList;
import java.util.List;

import static dev.gramian.objectives.margin.loss.PairExpressions.chosenLogRatio;
import static dev.gramian.objectives.margin.loss.PairExpressions.rejectedLogRatio;
import static dev.gramian.objectives.margin.loss.PairExpressions.requirePositive;

/**
 * Alignment via Optimal Transport (AOT, Melnyk et al., 2024; TRL's {@code aot} and
 * {@code aot_unpaired}): distributional preference alignment by first-order stochastic dominance.
 * Two quantities are sorted across the batch, independently, and DPO's smoothed logistic loss is
 * applied to the differences of equal ranks, averaged over the ranks:
 *
 * <ul>
 *   <li>paired: the policy's margins {@code lw − ll} against the reference's {@code ref_lw − ref_ll};</li>
 *   <li>unpaired: the chosen log-ratios {@code rw} against the rejected ones {@code rl}.</li>
 * </ul>
 *
 * A pair's gradient thus depends on where its margin ranks in the batch: the probes' per-pair
 * weights come from this batch loss's derivatives.
 *
 * @param beta           inverse temperature, {@code > 0}
 * @param labelSmoothing ε in {@code [0, 0.5]}: {@code −(1−ε)·log σ(βδ) − ε·log σ(−βδ)} per rank
 * @param unpaired       whether to sort the chosen and rejected log-ratios instead of the margins
 */
public record AotLoss(double beta, double labelSmoothing, boolean unpaired) implements BatchLoss {
    public AotLoss {
        requirePositive("beta", beta);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 0.5)) {
            throw new IllegalArgumentException("label_smoothing must be in [0, 0.5], got " + labelSmoothing);
        }
    }

    @Override
    public boolean usesReference() {
        return true;
    }

    @Override
    public <T> T loss(OrderedAlgebra<T> a, List<PairTerms<T>> batch) {
        List<T> upper = new ArrayList<>(batch.size());
        List<T> lower = new ArrayList<>(batch.size());
        for (PairTerms<T> p : batch) {
            upper.add(unpaired ? chosenLogRatio(a, p) : a.sub(p.logpChosen(), p.logpRejected()));
            lower.add(unpaired ? rejectedLogRatio(a, p) : a.sub(p.refLogpChosen(), p.refLogpRejected()));
        }
        upper = a.sorted(upper);
        lower = a.sorted(lower);
        T sum = a.constant(0);
        for (int rank = 0; rank < batch.size(); rank++) {
            T z = a.scale(a.sub(upper.get(rank), lower.get(rank)), beta);
            T agree = a.scale(a.logSigmoid(z), 1 - labelSmoothing);
            T flipped = a.scale(a.logSigmoid(a.neg(z)), labelSmoothing);
            sum = a.sub(sum, a.add(agree, flipped));
        }
        return a.scale(sum, 1.0 / batch.size());
    }

    @Override
    public double rewardScale() {
        return beta;
    }
}
