package dev.gramian.api.objective;

import java.util.List;

/**
 * What {@code --objective} names and the alignment trainer minimises: a {@link MarginLoss}, a pure
 * function of one pair at a time (the trainer's mean over the batch runs in the backend's graph), or
 * a {@link BatchLoss}, a function of the whole batch at once (AOT sorts the batch's margins). A
 * plugin implements one of the two; the closed pair lets the trainer pick the right path.
 */
public sealed interface Objective permits MarginLoss, BatchLoss {

    /** Whether the objective reads the reference model's log-probabilities. */
    boolean usesReference();

    /**
     * The β used for TRL's {@code rewards/*} metrics ({@code reward = β·(logp − ref_logp)}); 1 for
     * objectives without one.
     */
    default double rewardScale() {
        return 1.0;
    }

    /**
     * Evaluates the objective on a batch of B pairs given as numbers, with exact derivatives by dual
     * numbers, in per-pair units (see {@link BatchEvaluation}).
     *
     * @param batch at least one pair
     */
    BatchEvaluation evaluate(List<PairScores> batch);
}
