package dev.gramian.objectives.margin.align;

import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.Sequence;
import dev.gramian.objectives.margin.data.EncodedPair;

import java.util.ArrayList;
import java.util.List;

/**
 * Summed log-probabilities of every pair's chosen and rejected responses under one model, computed
 * once and cached: the reference model's scores for losses that need them, and the "before" scores
 * of an evaluation.
 *
 * @param chosen   per pair, log π(y_w|x)
 * @param rejected per pair, log π(y_l|x)
 * @param lenChosen   per pair, chosen response length
 * @param lenRejected per pair, rejected response length
 */
public record ReferenceScores(double[] chosen, double[] rejected, int[] lenChosen, int[] lenRejected) {

    /** Scores {@code pairs} with {@code model} at its current parameters, {@code batchSize} sequences at a time. */
    public static ReferenceScores of(LanguageModel model, List<EncodedPair> pairs, int batchSize) {
        int n = pairs.size();
        double[] chosen = new double[n];
        double[] rejected = new double[n];
        int[] lenChosen = new int[n];
        int[] lenRejected = new int[n];
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            List<Sequence> batch = new ArrayList<>(2 * (end - start));
            for (EncodedPair pair : pairs.subList(start, end)) {
                batch.add(pair.chosen());
            }
            for (EncodedPair pair : pairs.subList(start, end)) {
                batch.add(pair.rejected());
            }
            var scores = model.score(batch);
            int m = end - start;
            for (int i = 0; i < m; i++) {
                chosen[start + i] = scores.logp()[i];
                rejected[start + i] = scores.logp()[m + i];
                lenChosen[start + i] = scores.counts()[i];
                lenRejected[start + i] = scores.counts()[m + i];
            }
        }
        return new ReferenceScores(chosen, rejected, lenChosen, lenRejected);
    }

    /** A cache of zeros for losses that use no reference model. */
    public static ReferenceScores zeros(int pairs) {
        return new ReferenceScores(new double[pairs], new double[pairs], new int[pairs], new int[pairs]);
    }
}
