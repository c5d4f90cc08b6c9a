package dev.gramian.api.model;

import dev.gramian.api.domain.LossGradient;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.param.ParameterSet;

import java.util.List;

/**
 * A causal language model bound to a backend. Every method evaluates at the current values of
 * {@link #parameters()}, which callers may change in place between calls. Implementations must
 * release native resources in {@link #close()} and must not retain the caller's arrays.
 */
public interface LanguageModel extends AutoCloseable {

    /** The model's shape. */
    LanguageModelConfig config();

    /** The live parameters. */
    ParameterSet parameters();

    /** Response-token log-probabilities of each sequence. */
    SequenceScores score(List<Sequence> batch);

    /** Mean next-token negative log-likelihood over all response tokens of the batch, and its gradient (SFT). */
    LossGradient nextTokenLossAndGradient(List<Sequence> batch);

    /**
     * The gradient of {@code Σ_i weights[i] · logp_i} over the batch, in one backward pass.
     *
     * @param weights one weight per sequence
     */
    ParameterSet weightedLogProbGradient(List<Sequence> batch, double[] weights);

    /**
     * The gradient of {@code Σ_i Σ_j weights[i][j] · log π(y_ij | x_i, y_i<j)} over the batch, in one
     * backward pass: a per-token weighted {@link #weightedLogProbGradient}.
     *
     * @param weights per sequence, one weight per response token
     * @throws UnsupportedOperationException when the backend does not weight single tokens
     */
    default ParameterSet tokenWeightedLogProbGradient(List<Sequence> batch, double[][] weights) {
        throw new UnsupportedOperationException(getClass().getName() + " does not weight single tokens");
    }

    /**
     * The mean of {@code loss} over B preference pairs, computed in-graph by running the loss on the
     * backend's tensor algebra, with its gradient and the pairs' log-probabilities.
     *
     * @param chosen       B chosen sequences
     * @param rejected     B rejected sequences, pair i = (chosen[i], rejected[i])
     * @param refChosen    reference log-probabilities of the chosen sequences (zeros if the loss uses none)
     * @param refRejected  reference log-probabilities of the rejected sequences
     */
    PreferenceStep preferenceLossAndGradient(MarginLoss loss, List<Sequence> chosen, List<Sequence> rejected,
                                             double[] refChosen, double[] refRejected);

    /**
     * Inner products of the per-sequence gradients of B preference pairs.
     *
     * @param method {@link GramMethod#FAST} or the slow {@link GramMethod#EXACT} reference
     * @param full   whether to return the 2B×2B matrix too
     */
    PairGram pairGram(List<Sequence> chosen, List<Sequence> rejected, GramMethod method, boolean full);

    /**
     * Inner products between the per-token gradients of one pair's chosen and rejected responses
     * (the token×token map of where ⟨g_w, g_l⟩ comes from). Costs one backward pass per response
     * token: meant for audits of a few pairs, not for every training step.
     *
     * @throws UnsupportedOperationException when the backend does not compute token-level gradients
     */
    default TokenGram tokenGram(Sequence chosen, Sequence rejected) {
        throw new UnsupportedOperationException(getClass().getName() + " does not compute token-level gradients");
    }

    @Override
    void close();
}
