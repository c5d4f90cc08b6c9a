package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.objective.MarginLoss;

import java.util.List;

/**
 * Plain gradient descent on the mean loss over the batch, computed in the backend's graph
 * ({@link LanguageModel#preferenceLossAndGradient}). The direction is
 * {@code (1/B) Σ_i (d_w,i g_w,i + d_l,i g_l,i)}; its sequence weights are {@code d/B}.
 */
public final class GradientRule implements AlignmentRule {

    @Override
    public AlignmentUpdate update(LanguageModel policy, MarginLoss loss, List<Sequence> chosen, List<Sequence> rejected,
                                  double[] refChosen, double[] refRejected) {
        PreferenceStep step = policy.preferenceLossAndGradient(loss, chosen, rejected, refChosen, refRejected);
        PairLossWeights weights = PairLossWeights.of(loss, step.logpChosen(), step.logpRejected(), refChosen,
                refRejected, step.lenChosen(), step.lenRejected());
        int b = chosen.size();
        double[] sequenceWeights = new double[2 * b];
        for (int i = 0; i < b; i++) {
            sequenceWeights[i] = weights.dLogpChosen()[i] / b;
            sequenceWeights[b + i] = weights.dLogpRejected()[i] / b;
        }
        return new AlignmentUpdate(step, sequenceWeights);
    }
}
