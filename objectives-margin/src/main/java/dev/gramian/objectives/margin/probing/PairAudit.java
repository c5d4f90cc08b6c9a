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
import java.util.function.Function;

/**
 * Measures a preference data set's gradient geometry without training, for {@code gramian probe}:
 * every pair's ‖g_w‖², ‖g_l‖², ⟨g_w,g_l⟩ (fast Gram, {@code batchSize} pairs per pass) and the loss's
 * exact weights at the current parameters. The "step" is the per-pair law with unit step size: the
 * predicted change of each pair's log-probabilities if a gradient step of size 1 were taken on that
 * pair alone (multiply by η for a real step size); realised changes are NaN.
 *
 * <p>The work is in two parts so that it can be split across machines: {@link #measure} is the model's
 * work, pair by pair in batches (any split of the pairs at batch boundaries gives the same numbers),
 * and {@link #assemble} turns all pairs' measurements into the step, where a batch objective's
 * weights need every pair at once.
 */
public final class PairAudit {
    private PairAudit() {
    }

    /**
     * What the model gives per pair at its current parameters: the Gram entries and the scores.
     *
     * @param chosenSqNorm   per pair, ‖g_w‖²
     * @param rejectedSqNorm per pair, ‖g_l‖²
     * @param innerProduct   per pair, ⟨g_w, g_l⟩
     * @param scores         per pair, the log-probabilities and response lengths
     */
    public record Measurements(double[] chosenSqNorm, double[] rejectedSqNorm, double[] innerProduct,
                               ReferenceScores scores) {
        public Measurements {
            chosenSqNorm = chosenSqNorm.clone();
            rejectedSqNorm = rejectedSqNorm.clone();
            innerProduct = innerProduct.clone();
            int n = scores.size();
            if (chosenSqNorm.length != n || rejectedSqNorm.length != n || innerProduct.length != n) {
                throw new IllegalArgumentException("every array needs one entry per pair (" + n + ")");
            }
        }

        @Override
        public double[] chosenSqNorm() {
            return chosenSqNorm.clone();
        }

        @Override
        public double[] rejectedSqNorm() {
            return rejectedSqNorm.clone();
        }

        @Override
        public double[] innerProduct() {
            return innerProduct.clone();
        }

        /** The number of pairs. */
        public int size() {
            return innerProduct.length;
        }

        /** The measurements of consecutive runs of pairs, joined in order. */
        public static Measurements concat(List<Measurements> parts) {
            return new Measurements(join(parts, Measurements::chosenSqNorm), join(parts, Measurements::rejectedSqNorm),
                    join(parts, Measurements::innerProduct),
                    ReferenceScores.concat(parts.stream().map(Measurements::scores).toList()));
        }

        private static double[] join(List<Measurements> parts, Function<Measurements, double[]> field) {
            return parts.stream().map(field).flatMapToDouble(Arrays::stream).toArray();
        }
    }

    /**
     * @param pairs     the pairs to audit
     * @param reference their reference scores (zeros for losses without a reference model)
     * @param batchSize pairs per Gram pass
     */
    public static PairStep run(LanguageModel policy, Objective loss, List<EncodedPair> pairs,
                               ReferenceScores reference, int batchSize) {
        return assemble(loss, measure(policy, pairs, batchSize), reference);
    }

    /** The model's part: every pair's Gram entries and scores at the current parameters, {@code batchSize} pairs a pass. */
    public static Measurements measure(LanguageModel policy, List<EncodedPair> pairs, int batchSize) {
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
        return new Measurements(cn, rn, ip, ReferenceScores.of(policy, pairs, batchSize));
    }

    /**
     * The audit of all pairs from their measurements: the loss's exact weights (over the whole set,
     * for a batch objective) and the per-pair law with unit step size.
     *
     * @param reference the pairs' reference scores (zeros for losses without a reference model)
     */
    public static PairStep assemble(Objective loss, Measurements measured, ReferenceScores reference) {
        int n = measured.size();
        ReferenceScores now = measured.scores();
        PairLossWeights weights = PairLossWeights.of(loss, now.chosen(), now.rejected(), reference.chosen(),
                reference.rejected(), now.lenChosen(), now.lenRejected());
        PairGeometry geometry = new PairGeometry(0, measured.chosenSqNorm(), measured.rejectedSqNorm(),
                measured.innerProduct(), weights.dLogpChosen(), weights.dLogpRejected());
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
