package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.param.ParameterSet;

/**
 * Plain gradient descent on the mean loss over the batch, computed in the backend's graph
 * ({@link LanguageModel#preferenceLossAndGradient}). The direction is
 * {@code (1/B) Σ_i (d_w,i g_w,i + d_l,i g_l,i)}; its sequence weights are {@code d/B}. A batch loss
 * (AOT) has no graph of its own: the batch is scored, the loss's exact derivatives are taken on dual
 * numbers, and one backward pass of {@link LanguageModel#weightedLogProbGradient} gives the same
 * direction.
 */
public final class GradientRule implements AlignmentRule {

    @Override
    public AlignmentUpdate update(LanguageModel policy, Objective loss, PairBatch batch) {
        int b = batch.size();
        if (loss instanceof MarginLoss margin) {
            PreferenceStep step = policy.preferenceLossAndGradient(margin, batch);
            PairLossWeights weights = PairLossWeights.of(loss, step.logpChosen(), step.logpRejected(),
                    batch.refChosen(), batch.refRejected(), step.lenChosen(), step.lenRejected());
            return new AlignmentUpdate(step, sequenceWeights(weights, b));
        }
        // a batch loss: score, take its exact derivatives on the JVM, then one weighted backward pass
        ScoredPairs scored = ScoredPairs.score(policy, batch.chosen(), batch.rejected());
        PairLossWeights weights = scored.weigh(loss, batch.refChosen(), batch.refRejected());
        double[] sequenceWeights = sequenceWeights(weights, b);
        ParameterSet gradient = policy.weightedLogProbGradient(scored.all(), sequenceWeights);
        return new AlignmentUpdate(scored.step(weights.meanLoss(), gradient), sequenceWeights);
    }

    /** {@code d/B}: the direction's weights over the 2B sequence gradients. */
    private static double[] sequenceWeights(PairLossWeights weights, int b) {
        double[] sequenceWeights = new double[2 * b];
        for (int i = 0; i < b; i++) {
            sequenceWeights[i] = weights.dLogpChosen()[i] / b;
            sequenceWeights[b + i] = weights.dLogpRejected()[i] / b;
        }
        return sequenceWeights;
    }
}
