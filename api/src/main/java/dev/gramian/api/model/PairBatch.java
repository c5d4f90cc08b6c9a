package dev.gramian.api.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * B preference pairs as a model sees them in one alignment step: pair i is
 * {@code (chosen[i], rejected[i])}, with the reference model's log-probabilities of both responses
 * (zeros for a loss that uses no reference). An immutable value: the arrays are copied in and out,
 * and two batches are equal when their sequences and reference log-probabilities are.
 *
 * @param chosen      B chosen sequences
 * @param rejected    B rejected sequences
 * @param refChosen   the reference log-probabilities of the chosen sequences
 * @param refRejected the reference log-probabilities of the rejected sequences
 */
public record PairBatch(List<Sequence> chosen, List<Sequence> rejected, double[] refChosen, double[] refRejected) {
    public PairBatch {
        chosen = List.copyOf(chosen);
        rejected = List.copyOf(rejected);
        refChosen = refChosen.clone();
        refRejected = refRejected.clone();
        int b = chosen.size();
        if (rejected.size() != b || refChosen.length != b || refRejected.length != b) {
            throw new IllegalArgumentException("a batch of " + b + " chosen sequences needs as many rejected ones and "
                    + "reference log-probabilities, got " + rejected.size() + ", " + refChosen.length + " and "
                    + refRejected.length);
        }
    }

    /** Pairs without a reference model: every reference log-probability is 0. */
    public static PairBatch withoutReference(List<Sequence> chosen, List<Sequence> rejected) {
        return new PairBatch(chosen, rejected, new double[chosen.size()], new double[chosen.size()]);
    }

    /** The number of pairs B. */
    public int size() {
        return chosen.size();
    }

    /** A copy of the chosen responses' reference log-probabilities. */
    @Override
    public double[] refChosen() {
        return refChosen.clone();
    }

    /** A copy of the rejected responses' reference log-probabilities. */
    @Override
    public double[] refRejected() {
        return refRejected.clone();
    }

    /** The 2B sequences in the order the Gram and sequence-weight conventions use: chosen 0..B−1, then rejected. */
    public List<Sequence> sequences() {
        List<Sequence> all = new ArrayList<>(2 * size());
        all.addAll(chosen);
        all.addAll(rejected);
        return List.copyOf(all);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PairBatch that && chosen.equals(that.chosen) && rejected.equals(that.rejected)
                && Arrays.equals(refChosen, that.refChosen) && Arrays.equals(refRejected, that.refRejected);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chosen, rejected, Arrays.hashCode(refChosen), Arrays.hashCode(refRejected));
    }

    @Override
    public String toString() {
        return "PairBatch[" + size() + " pairs, refChosen=" + Arrays.toString(refChosen) + ", refRejected="
                + Arrays.toString(refRejected) + "]";
    }
}
