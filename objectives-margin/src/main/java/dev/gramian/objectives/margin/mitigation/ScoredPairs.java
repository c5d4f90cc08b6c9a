package dev.gramian.objectives.margin.mitigation;

import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.SequenceScores;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.param.ParameterSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of B pairs scored at the policy's current parameters, for the rules that weigh the
 * sequence gradients themselves rather than differentiate a loss in the graph.
 *
 * @param all the 2B sequences, chosen then rejected: the layout of sequence weights
 * @param lw  the chosen responses' log-probabilities
 * @param ll  the rejected responses'
 * @param nw  the chosen responses' token counts
 * @param nl  the rejected responses'
 */
record ScoredPairs(List<Sequence> all, double[] lw, double[] ll, int[] nw, int[] nl) {

    /** Scores {@code chosen} and {@code rejected} in one pass. */
    static ScoredPairs score(LanguageModel policy, List<Sequence> chosen, List<Sequence> rejected) {
        int b = chosen.size();
        List<Sequence> all = new ArrayList<>(2 * b);
        all.addAll(chosen);
        all.addAll(rejected);
        SequenceScores scores = policy.score(all);
        return new ScoredPairs(all, Arrays.copyOfRange(scores.logp(), 0, b), Arrays.copyOfRange(scores.logp(), b, 2 * b),
                Arrays.copyOfRange(scores.counts(), 0, b), Arrays.copyOfRange(scores.counts(), b, 2 * b));
    }

    /** The objective's per-pair losses and derivatives on these scores. */
    PairLossWeights weigh(Objective loss, double[] refChosen, double[] refRejected) {
        return PairLossWeights.of(loss, lw, ll, refChosen, refRejected, nw, nl);
    }

    /** The step of a rule that descends along {@code direction}, reporting {@code loss}. */
    PreferenceStep step(double loss, ParameterSet direction) {
        return new PreferenceStep(loss, direction, lw, ll, nw, nl);
    }
}
