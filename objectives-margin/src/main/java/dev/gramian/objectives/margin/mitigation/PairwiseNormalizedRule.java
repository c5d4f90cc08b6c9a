package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.param.ParameterSet;


/**
 * Pairwise normalized gradient descent (docs/science.md §2). Each pair's two gradients are normalised
 * before they are combined, keeping the loss's own weights:
 *
 * <pre>  direction = (s/B) Σ_i (d_w,i · g_w,i/‖g_w,i‖ + d_l,i · g_l,i/‖g_l,i‖)</pre>
 *
 * For DPO ({@code −d_w = d_l = κ}) this is {@code −(s/B) Σ κ_i (g_w/‖g_w‖ − g_l/‖g_l‖)}, and a step
 * on the pair alone changes {@code lw} by {@code η(s/B)κ‖g_w‖(1 − cos)} ≥ 0 and {@code ll} by
 * {@code −η(s/B)κ‖g_l‖(1 − cos)} ≤ 0: chosen never falls and rejected never rises, whatever the
 * gradients' relative sizes, which is exactly what plain descent gets wrong when ⟨g_w,g_l⟩ exceeds
 * ‖g_w‖². For any loss, chosen rises iff {@code −d_w ≥ d_l·cos}.
 *
 * <p>The norms come from the backend's fast Gram path and the direction from one weighted backward
 * pass with weights {@code s·d_w,i/(B‖g_w,i‖)} and {@code s·d_l,i/(B‖g_l,i‖)}: a forward pass, a
 * fast-Gram pass and one backward pass per step, never one backward per sequence. With
 * {@code rescale} the scale {@code s} is the batch's mean of {@code (‖g_w‖ + ‖g_l‖)/2}, so the
 * direction has the magnitude of plain descent and the same learning rate serves both; otherwise
 * s = 1. A zero gradient gets weight 0.
 */
public final class PairwiseNormalizedRule implements AlignmentRule {
    private final boolean rescale;

    /** @param rescale whether to scale the direction to plain descent's magnitude (see the class comment) */
    public PairwiseNormalizedRule(boolean rescale) {
        this.rescale = rescale;
    }

    @Override
    public AlignmentUpdate update(LanguageModel policy, Objective loss, PairBatch batch) {
        int b = batch.size();
        ScoredPairs scored = ScoredPairs.score(policy, batch.chosen(), batch.rejected());
        PairLossWeights weights = scored.weigh(loss, batch.refChosen(), batch.refRejected());
        PairGram gram = policy.pairGram(batch.chosen(), batch.rejected(), GramMethod.FAST, false);
        double scale = 1;
        if (rescale) {
            double sum = 0;
            for (int i = 0; i < b; i++) {
                sum += (Math.sqrt(gram.chosenSqNorm()[i]) + Math.sqrt(gram.rejectedSqNorm()[i])) / 2;
            }
            scale = sum / b;
        }
        double[] sequenceWeights = new double[2 * b];
        for (int i = 0; i < b; i++) {
            sequenceWeights[i] = normalised(weights.dLogpChosen()[i], gram.chosenSqNorm()[i]) * scale / b;
            sequenceWeights[b + i] = normalised(weights.dLogpRejected()[i], gram.rejectedSqNorm()[i]) * scale / b;
        }
        ParameterSet direction = policy.weightedLogProbGradient(scored.all(), sequenceWeights);
        return new AlignmentUpdate(scored.step(weights.meanLoss(), direction), sequenceWeights);
    }

    private static double normalised(double weight, double squaredNorm) {
        return squaredNorm > 0 ? weight / Math.sqrt(squaredNorm) : 0;
    }
}
