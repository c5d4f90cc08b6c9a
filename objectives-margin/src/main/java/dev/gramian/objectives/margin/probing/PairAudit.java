package dev.gramian.objectives.margin.probing;

import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.probe.FirstOrderLaw;
import dev.gramian.api.probe.PairGeometry;
import dev.gramian.api.probe.PairStep;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.mitigation.PairLossWeights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures a preference data set's gradient geometry without training, for {@code gramian probe}:
 * every pair's ‖g_w‖², ‖g_l‖², ⟨g_w,g_l⟩ (fast Gram, {@code batchSize} pairs per pass) and the loss's
 * exact weights at the current parameters. The "step" is the per-pair law with unit step size: the
 * predicted change of each pair's log-probabilities if a gradient step of size 1 were taken on that
 * pair alone (multiply by η for a real step size); realised changes are NaN.
 */
public final class PairAudit {
    private PairAudit() {
    }

    /**
     * @param pairs     the pairs to audit
     * @param reference their reference scores (zeros for losses without a reference model)
     * @param batchSize pairs per Gram pass
     */
    public static PairStep run(LanguageModel policy, Objective loss, List<EncodedPair> pairs,
                               ReferenceScores reference, int batchSize) {
        int n = pairs.size();
        double[] cn = new double[n];
        double[] rn = new double[n];
        double[] ip = new double[n];
        for (int start = 0; start < n; start += batchSize) {
            List<EncodedPair> chunk = pairs.subList(start, Math.min(n, start + batchSize));
            List<Sequence> chosen = new ArrayList<>(chunk.size());
            List<Sequence> rejected = new ArrayList<>(chunk.size());
            for (EncodedPair pair : chunk) {
                chosen.add(pair.chosen());
                rejected.add(pair.rejected());
            }
            PairGram gram = policy.pairGram(chosen, rejected, GramMethod.FAST, false);
            System.arraycopy(gram.chosenSqNorm(), 0, cn, start, chunk.size());
            System.arraycopy(gram.rejectedSqNorm(), 0, rn, start, chunk.size());
            System.arraycopy(gram.innerProduct(), 0, ip, start, chunk.size());
        }
        ReferenceScores now = ReferenceScores.of(policy, pairs, batchSize);
        PairLossWeights weights = PairLossWeights.of(loss, now.chosen(), now.rejected(), reference.chosen(),
                reference.rejected(), now.lenChosen(), now.lenRejected());
        PairGeometry geometry = new PairGeometry(0, cn, rn, ip, weights.dLogpChosen(), weights.dLogpRejected());
        double[] chosenDelta = new double[n];
        double[] rejectedDelta = new double[n];
        for (int i = 0; i < n; i++) {
            double[] delta = FirstOrderLaw.predictPair(geometry, i, 1.0);
            chosenDelta[i] = delta[0];
            rejectedDelta[i] = delta[1];
        }
        double[] none = new double[n];
        Arrays.fill(none, Double.NaN);
        return new PairStep(geometry, chosenDelta, rejectedDelta, none, none.clone());
    }
}
