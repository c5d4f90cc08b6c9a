package dev.gramian.objectives.margin.align;

import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.PairScores;
import dev.gramian.objectives.margin.data.EncodedPair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Summed log-probabilities of every pair's chosen and rejected responses under one model, computed
 * once and cached: the reference model's scores for losses that need them, and the "before" scores
 * of an evaluation. An immutable value: the arrays are copied in and out (read single entries with
 * the indexed accessors), and two caches are equal when their numbers are.
 *
 * @param chosen   per pair, log π(y_w|x)
 * @param rejected per pair, log π(y_l|x)
 * @param lenChosen   per pair, chosen response length
 * @param lenRejected per pair, rejected response length
 */
public record ReferenceScores(double[] chosen, double[] rejected, int[] lenChosen, int[] lenRejected) {
    public ReferenceScores {
        chosen = chosen.clone();
        rejected = rejected.clone();
        lenChosen = lenChosen.clone();
        lenRejected = lenRejected.clone();
        int n = chosen.length;
        if (rejected.length != n || lenChosen.length != n || lenRejected.length != n) {
            throw new IllegalArgumentException("every array needs one entry per pair (" + n + ")");
        }
    }

    /** Scores {@code pairs} with {@code model} at its current parameters, {@code batchSize} sequences at a time. */
    public static ReferenceScores of(LanguageModel model, List<EncodedPair> pairs, int batchSize) {
        return of(model, pairs, batchSize, AlignmentOptions.NONE);
    }

    /**
     * Scores {@code pairs} as above, each response's log-probability summed as {@code options} say
     * (LD-DPO's weighted sum when they have an α).
     */
    public static ReferenceScores of(LanguageModel model, List<EncodedPair> pairs, int batchSize,
                                     AlignmentOptions options) {
        int n = pairs.size();
        double[] chosen = new double[n];
        double[] rejected = new double[n];
        int[] lenChosen = new int[n];
        int[] lenRejected = new int[n];
        boolean ld = options.ldAlpha().isPresent();
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            var scores = model.score(sequences(pairs.subList(start, end)));
            double[][] tokens = scores.tokenLogp();
            int m = end - start;
            for (int i = 0; i < m; i++) {
                lenChosen[start + i] = scores.counts()[i];
                lenRejected[start + i] = scores.counts()[m + i];
                chosen[start + i] = ld ? options.sequenceLogp(tokens[i], tokens[m + i].length) : scores.logp()[i];
                rejected[start + i] = ld ? options.sequenceLogp(tokens[m + i], tokens[i].length)
                        : scores.logp()[m + i];
            }
        }
        return new ReferenceScores(chosen, rejected, lenChosen, lenRejected);
    }

    /** The chosen sequences of {@code pairs}, then the rejected ones. */
    static List<Sequence> sequences(List<EncodedPair> pairs) {
        List<Sequence> batch = new ArrayList<>(2 * pairs.size());
        for (EncodedPair pair : pairs) {
            batch.add(pair.chosen());
        }
        for (EncodedPair pair : pairs) {
            batch.add(pair.rejected());
        }
        return batch;
    }

    /** The number of pairs. */
    public int size() {
        return chosen.length;
    }

    /** A copy of the chosen responses' log-probabilities. */
    @Override
    public double[] chosen() {
        return chosen.clone();
    }

    /** A copy of the rejected responses' log-probabilities. */
    @Override
    public double[] rejected() {
        return rejected.clone();
    }

    /** A copy of the chosen responses' lengths. */
    @Override
    public int[] lenChosen() {
        return lenChosen.clone();
    }

    /** A copy of the rejected responses' lengths. */
    @Override
    public int[] lenRejected() {
        return lenRejected.clone();
    }

    /** Pair {@code i}'s scores as a loss sees them, with {@code reference}'s as the reference. */
    public PairScores pair(int i, ReferenceScores reference) {
        return new PairScores(chosen[i], rejected[i], reference.chosen[i], reference.rejected[i], lenChosen[i],
                lenRejected[i]);
    }

    /** The first {@code n} pairs' scores. */
    public ReferenceScores head(int n) {
        return new ReferenceScores(Arrays.copyOf(chosen, n), Arrays.copyOf(rejected, n), Arrays.copyOf(lenChosen, n),
                Arrays.copyOf(lenRejected, n));
    }

    /**
     * The pairs at {@code indices} of {@code pairs}, which these scores belong to, as one batch with
     * these scores as its reference log-probabilities.
     */
    public PairBatch batch(List<EncodedPair> pairs, int[] indices) {
        List<Sequence> chosenBatch = new ArrayList<>(indices.length);
        List<Sequence> rejectedBatch = new ArrayList<>(indices.length);
        double[] refChosen = new double[indices.length];
        double[] refRejected = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            EncodedPair pair = pairs.get(indices[k]);
            chosenBatch.add(pair.chosen());
            rejectedBatch.add(pair.rejected());
            refChosen[k] = chosen[indices[k]];
            refRejected[k] = rejected[indices[k]];
        }
        return new PairBatch(chosenBatch, rejectedBatch, refChosen, refRejected);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReferenceScores that && Arrays.equals(chosen, that.chosen)
                && Arrays.equals(rejected, that.rejected) && Arrays.equals(lenChosen, that.lenChosen)
                && Arrays.equals(lenRejected, that.lenRejected);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(chosen), Arrays.hashCode(rejected), Arrays.hashCode(lenChosen),
                Arrays.hashCode(lenRejected));
    }

    @Override
    public String toString() {
        return "ReferenceScores[" + size() + " pairs]";
    }

    /** A cache of zeros for losses that use no reference model. */
    public static ReferenceScores zeros(int pairs) {
        return new ReferenceScores(new double[pairs], new double[pairs], new int[pairs], new int[pairs]);
    }
}
