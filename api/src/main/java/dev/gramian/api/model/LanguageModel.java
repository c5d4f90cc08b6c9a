package dev.gramian.api.model;

import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.param.LossGradient;
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
     * Per response token of each sequence, its log-probability and what the whole next-token
     * distribution says there (entropy, mean logit, log of the summed squared probabilities), from
     * one forward pass at the current parameters. Trainers log TRL's {@code entropy} and
     * {@code logits/*} and compute WPO's pair weights from it.
     *
     * @throws UnsupportedOperationException when the backend does not expose the distributions
     */
    default TokenStatistics tokenStatistics(List<Sequence> batch) {
        throw new UnsupportedOperationException(getClass().getName() + " does not expose next-token distributions");
    }

    /**
     * The mean of {@code loss} over the B preference pairs of {@code batch}, computed in-graph by
     * running the loss on the backend's tensor algebra, with its gradient and the pairs'
     * log-probabilities.
     */
    PreferenceStep preferenceLossAndGradient(MarginLoss loss, PairBatch batch);

    /**
     * Inner products of the per-sequence gradients of B preference pairs.
     *
     * @param method {@link GramMethod#FAST} or the slow {@link GramMethod#EXACT} reference
     * @param full   whether to return the 2B×2B matrix too
     */
    PairGram pairGram(List<Sequence> chosen, List<Sequence> rejected, GramMethod method, boolean full);

    /**
     * The fast per-pair Gram of B preference pairs with, at the same parameters, each response's
     * log-probability and its slope {@code ⟨∇θ logp, direction⟩} (see {@link DirectedPairGram}). A
     * probe uses it to predict the first-order effect of a step {@code direction = θ_after − θ_before}
     * on the pairs, whatever optimiser took the step.
     *
     * <p>This default takes one backward pass per sequence for the slopes; backends override it to
     * compute everything from the fast Gram path's single batched backward pass.
     *
     * @param direction a parameter vector in the layout of {@link #parameters()}
     */
    default DirectedPairGram pairGramAlong(List<Sequence> chosen, List<Sequence> rejected, ParameterSet direction) {
        if (!direction.sameLayout(parameters())) {
            throw new IllegalArgumentException("the direction's layout differs from the model's parameters");
        }
        PairGram gram = pairGram(chosen, rejected, GramMethod.FAST, false);
        int b = chosen.size();
        double[][] logp = {score(chosen).logp(), score(rejected).logp()};
        double[][] slopes = new double[2][b];
        for (int i = 0; i < b; i++) {
            slopes[0][i] = weightedLogProbGradient(List.of(chosen.get(i)), new double[]{1}).dot(direction);
            slopes[1][i] = weightedLogProbGradient(List.of(rejected.get(i)), new double[]{1}).dot(direction);
        }
        return new DirectedPairGram(gram, logp[0], logp[1], slopes[0], slopes[1]);
    }

    /**
     * {@link #pairGramAlong} for token-weighted log-probabilities {@code ℓ = Σ_j u_j·log π(y_j | x, y_<j)}:
     * per pair the Gram entries of {@code ∇ℓ_w} and {@code ∇ℓ_l}, both weighted sums, and their slopes
     * {@code ⟨∇θ ℓ, direction⟩}. LD-DPO's loss reads its responses this way (the tokens past the
     * shorter response's length weighted by α), and its probes measure what the loss reads. With
     * every weight 1 this is {@link #pairGramAlong}.
     *
     * <p>This default takes one backward pass per sequence ({@link #tokenWeightedLogProbGradient});
     * backends override it with their fast Gram path.
     *
     * @param chosenWeights   per pair, one weight per token of the chosen response
     * @param rejectedWeights per pair, one weight per token of the rejected response
     * @param direction       a parameter vector in the layout of {@link #parameters()}
     * @throws UnsupportedOperationException when the backend does not weight single tokens
     */
    default DirectedPairGram tokenWeightedPairGramAlong(List<Sequence> chosen, List<Sequence> rejected,
                                                        double[][] chosenWeights, double[][] rejectedWeights,
                                                        ParameterSet direction) {
        if (!direction.sameLayout(parameters())) {
            throw new IllegalArgumentException("the direction's layout differs from the model's parameters");
        }
        int b = chosen.size();
        if (rejected.size() != b || chosenWeights.length != b || rejectedWeights.length != b) {
            throw new IllegalArgumentException("give as many rejected responses and weight rows as chosen ones (" + b
                    + ")");
        }
        double[][] chosenTokens = score(chosen).tokenLogp();
        double[][] rejectedTokens = score(rejected).tokenLogp();
        double[][] out = new double[7][b];
        for (int i = 0; i < b; i++) {
            ParameterSet w = tokenWeightedLogProbGradient(List.of(chosen.get(i)), new double[][]{chosenWeights[i]});
            ParameterSet l = tokenWeightedLogProbGradient(List.of(rejected.get(i)), new double[][]{rejectedWeights[i]});
            out[0][i] = w.squaredNorm();
            out[1][i] = l.squaredNorm();
            out[2][i] = w.dot(l);
            for (int j = 0; j < chosenWeights[i].length; j++) {
                out[3][i] += chosenWeights[i][j] * chosenTokens[i][j];
            }
            for (int j = 0; j < rejectedWeights[i].length; j++) {
                out[4][i] += rejectedWeights[i][j] * rejectedTokens[i][j];
            }
            out[5][i] = w.dot(direction);
            out[6][i] = l.dot(direction);
        }
        return new DirectedPairGram(new PairGram(out[0], out[1], out[2], null), out[3], out[4], out[5], out[6]);
    }

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

    /**
     * Starts decoding one sequence with a key/value cache at the current parameters (see
     * {@link DecodingState}); {@code dev.gramian.api.generation.Generator} builds completions on it.
     *
     * @throws UnsupportedOperationException when the backend has no incremental decoding
     */
    default DecodingState startDecoding() {
        throw new UnsupportedOperationException(getClass().getName() + " does not decode incrementally");
    }

    @Override
    void close();
}
