package dev.gramian.objectives.margin.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.TokenStatistics;
import dev.gramian.api.param.ParameterSet;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The options of TRL's {@code DPOTrainer} that change how a step is computed rather than which
 * loss it descends, with TRL's names in brackets.
 *
 * <ul>
 *   <li>LD-DPO ({@code ld_alpha}): a response's log-probability is the sum over its first
 *       {@code min(|y_w|, |y_l|)} tokens (the length the pair's two responses share) plus α times the
 *       sum over the rest of the longer one's tokens, for the policy and the reference alike.</li>
 *   <li>WPO ({@code use_weighting}): each pair's loss is multiplied by the constant
 *       {@code c = min(1, ω(y_w)·ω(y_l))} with {@code ω(y) = exp(mean_j(log p(y_j) − log Σ_v p_v²))},
 *       the policy's length-normalised token probability renormalised by its distribution's
 *       {@code Σ_v p_v²} (WPO Eq. 2 as TRL computes and clamps it; no gradient flows through c).</li>
 *   <li>TR-DPO ({@code sync_ref_model}, {@code ref_model_mixup_alpha}, {@code ref_model_sync_steps}):
 *       after every k-th step the reference becomes {@code α·θ + (1 − α)·θ_ref}.</li>
 *   <li>Gradient clipping ({@code max_grad_norm}): a gradient whose global L2 norm exceeds m is
 *       scaled by {@code m / (norm + 1e-6)}, as {@code torch.nn.utils.clip_grad_norm_} does. Off (0)
 *       by default, where TRL's default is 1.0.</li>
 * </ul>
 *
 * @param ldAlpha       LD-DPO's α in [0, 1], or empty for the plain summed log-probability
 * @param useWeighting  whether to weight pairs as WPO does
 * @param referenceSync TR-DPO's schedule, or empty for a fixed reference
 * @param maxGradNorm   the largest global gradient norm, 0 to leave gradients unclipped
 */
public record AlignmentOptions(OptionalDouble ldAlpha, boolean useWeighting, Optional<ReferenceSync> referenceSync,
                               double maxGradNorm) {
    /** TRL's defaults apart from gradient clipping: none of the options. */
    public static final AlignmentOptions NONE = new AlignmentOptions(OptionalDouble.empty(), false, Optional.empty(), 0);

    /** What {@code torch.nn.utils.clip_grad_norm_} adds to the norm before dividing. */
    public static final double CLIP_EPSILON = 1e-6;

    /**
     * TR-DPO's reference update.
     *
     * @param mixupAlpha α in [0, 1]: the policy's share of the new reference
     * @param syncSteps  k ≥ 1: the reference is updated after steps k, 2k, ...
     */
    public record ReferenceSync(double mixupAlpha, long syncSteps) {
        public ReferenceSync {
            if (!(mixupAlpha >= 0 && mixupAlpha <= 1)) {
                throw GramianException.usage("--ref-model-mixup-alpha must be in [0, 1], got " + mixupAlpha);
            }
            if (syncSteps < 1) {
                throw GramianException.usage("--ref-model-sync-steps must be at least 1, got " + syncSteps);
            }
        }

        /** Whether the reference is updated after 1-based step {@code done}. */
        public boolean syncsAfter(long done) {
            return done % syncSteps == 0;
        }
    }

    public AlignmentOptions {
        if (ldAlpha.isPresent() && !(ldAlpha.getAsDouble() >= 0 && ldAlpha.getAsDouble() <= 1)) {
            throw GramianException.usage("--ld-alpha must be in [0, 1], got " + ldAlpha.getAsDouble());
        }
        if (!(maxGradNorm >= 0) || Double.isInfinite(maxGradNorm)) {
            throw GramianException.usage("--max-grad-norm must be a finite number at least 0 (0: no clipping), got "
                    + maxGradNorm);
        }
    }

    /** These options with LD-DPO's α. */
    public AlignmentOptions withLdAlpha(double alpha) {
        return new AlignmentOptions(OptionalDouble.of(alpha), useWeighting, referenceSync, maxGradNorm);
    }

    /** These options with WPO's pair weights on or off. */
    public AlignmentOptions withWeighting(boolean on) {
        return new AlignmentOptions(ldAlpha, on, referenceSync, maxGradNorm);
    }

    /** These options with TR-DPO's reference updates. */
    public AlignmentOptions withReferenceSync(double mixupAlpha, long syncSteps) {
        return new AlignmentOptions(ldAlpha, useWeighting, Optional.of(new ReferenceSync(mixupAlpha, syncSteps)),
                maxGradNorm);
    }

    /** These options with gradient clipping at {@code norm} (0: off). */
    public AlignmentOptions withMaxGradNorm(double norm) {
        return new AlignmentOptions(ldAlpha, useWeighting, referenceSync, norm);
    }

    /** Whether a step needs the policy's per-token scores rather than the in-graph loss (LD-DPO or WPO). */
    public boolean reweights() {
        return ldAlpha.isPresent() || useWeighting;
    }

    /**
     * A response's log-probability from its tokens': the plain sum, or with LD-DPO the sum over
     * the first {@code min(own, partner)} tokens plus α times the sum over the rest.
     *
     * @param tokenLogp     the response tokens' log-probabilities
     * @param partnerLength the other response of the pair's token count
     */
    public double sequenceLogp(double[] tokenLogp, int partnerLength) {
        int shared = Math.min(tokenLogp.length, partnerLength);
        double head = 0;
        for (int j = 0; j < shared; j++) {
            head += tokenLogp[j];
        }
        double tail = 0;
        for (int j = shared; j < tokenLogp.length; j++) {
            tail += tokenLogp[j];
        }
        return head + (ldAlpha.isPresent() ? ldAlpha.getAsDouble() : 1) * tail;
    }

    /** The weight of each of a response's {@code length} tokens in {@link #sequenceLogp}. */
    public double[] tokenWeights(int length, int partnerLength) {
        double[] weights = new double[length];
        double alpha = ldAlpha.isPresent() ? ldAlpha.getAsDouble() : 1;
        for (int j = 0; j < length; j++) {
            weights[j] = j < partnerLength ? 1 : alpha;
        }
        return weights;
    }

    /**
     * WPO's weight of a pair, {@code min(1, ω(y_w)·ω(y_l))} with {@code ω(y) = exp(mean_j(log p(y_j) −
     * log Σ_v p_v²))} over the response's tokens, clamped at 1 as TRL clamps it.
     *
     * @param stats    the scored batch
     * @param chosen   the chosen response's row of {@code stats}
     * @param rejected the rejected response's row
     */
    public static double wpoPairWeight(TokenStatistics stats, int chosen, int rejected) {
        return Math.min(1, Math.exp(meanAdjustedLogp(stats, chosen) + meanAdjustedLogp(stats, rejected)));
    }

    /** {@code mean_j(log p(y_j) − log Σ_v p_v²)} over row {@code m}'s tokens. */
    private static double meanAdjustedLogp(TokenStatistics stats, int m) {
        double[] tokenLogp = stats.tokenLogp()[m];
        double[] logSumSquares = stats.logSumSquares()[m];
        double sum = 0;
        for (int j = 0; j < tokenLogp.length; j++) {
            sum += tokenLogp[j] - logSumSquares[j];
        }
        return sum / Math.max(1, tokenLogp.length);
    }

    /**
     * The global L2 norm of {@code gradient} before clipping, after scaling it in place by
     * {@code m / (norm + 1e-6)} when that is below 1 (nothing when clipping is off).
     */
    public double clip(ParameterSet gradient) {
        double norm = Math.sqrt(gradient.squaredNorm());
        if (maxGradNorm > 0) {
            double coefficient = maxGradNorm / (norm + CLIP_EPSILON);
            if (coefficient < 1) {
                gradient.scale(coefficient);
            }
        }
        return norm;
    }
}
