package dev.gramian.objectives.margin.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.alignment.AlignmentRule;
import dev.gramian.api.alignment.AlignmentUpdate;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.TokenStatistics;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.objectives.margin.mitigation.PairLossWeights;

import java.util.List;

/**
 * Gradient descent on the mean loss with LD-DPO's token weights and WPO's pair weights
 * ({@link AlignmentOptions}). The batch is scored token by token (with the next-token
 * distributions' statistics when WPO needs them), the responses' log-probabilities are summed as
 * LD-DPO says, the loss's exact derivatives are taken on dual numbers, and one backward pass gives
 * the direction {@code (1/B) Σ_i c_i (d_w,i ∇lw_i + d_l,i ∇ll_i)}, each token's gradient inside
 * {@code ∇lw} weighted 1 or α. It costs one forward pass more than the in-graph loss of
 * {@link dev.gramian.objectives.margin.mitigation.GradientRule}, which it equals without the options.
 */
public final class ReweightedGradientRule implements AlignmentRule {
    private final AlignmentOptions options;

    /**
     * @throws GramianException (usage) when WPO is asked of a loss over the whole batch, whose
     *                          pairs have no loss of their own to weight (as TRL refuses AOT)
     */
    public ReweightedGradientRule(AlignmentOptions options, Objective loss) {
        if (options.useWeighting() && !(loss instanceof MarginLoss)) {
            throw GramianException.usage("--use-weighting (WPO) weights each pair's loss, but this objective is a "
                    + "loss over the whole batch (aot, aot-unpaired, sft with averaging=token); drop one of them");
        }
        this.options = options;
    }

    @Override
    public AlignmentUpdate update(LanguageModel policy, Objective loss, PairBatch batch) {
        int b = batch.size();
        List<Sequence> all = batch.sequences();
        TokenStatistics stats = options.useWeighting() ? policy.tokenStatistics(all) : null;
        double[][] tokenLogp = stats != null ? stats.tokenLogp() : policy.score(all).tokenLogp();
        double[] lw = new double[b];
        double[] ll = new double[b];
        int[] nw = new int[b];
        int[] nl = new int[b];
        for (int i = 0; i < b; i++) {
            nw[i] = tokenLogp[i].length;
            nl[i] = tokenLogp[b + i].length;
        }
        for (int i = 0; i < b; i++) {
            lw[i] = options.sequenceLogp(tokenLogp[i], nl[i]);
            ll[i] = options.sequenceLogp(tokenLogp[b + i], nw[i]);
        }
        PairLossWeights weights = PairLossWeights.of(loss, lw, ll, batch.refChosen(), batch.refRejected(), nw, nl);
        double[] sequenceWeights = new double[2 * b];
        double total = 0;
        for (int i = 0; i < b; i++) {
            double c = stats == null ? 1 : AlignmentOptions.wpoPairWeight(stats, i, b + i);
            total += c * weights.loss()[i];
            sequenceWeights[i] = c * weights.dLogpChosen()[i] / b;
            sequenceWeights[b + i] = c * weights.dLogpRejected()[i] / b;
        }
        ParameterSet direction;
        if (options.ldAlpha().isPresent()) {
            double[][] tokenWeights = new double[2 * b][];
            for (int m = 0; m < 2 * b; m++) {
                int partner = m < b ? nl[m] : nw[m - b];
                tokenWeights[m] = options.tokenWeights(tokenLogp[m].length, partner);
                for (int j = 0; j < tokenWeights[m].length; j++) {
                    tokenWeights[m][j] *= sequenceWeights[m];
                }
            }
            direction = policy.tokenWeightedLogProbGradient(all, tokenWeights);
        } else {
            direction = policy.weightedLogProbGradient(all, sequenceWeights);
        }
        return new AlignmentUpdate(new PreferenceStep(total / b, direction, lw, ll, nw, nl),
                options.ldAlpha().isPresent() ? null : sequenceWeights);
    }
}
