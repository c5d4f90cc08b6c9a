package dev.gramian.api.probe;

/**
 * Observes gradient geometry during training or an audit. Trainers call the {@code observe}
 * methods every {@link #interval()} steps with geometry computed at the current parameters.
 * Implementations must not keep references to the arrays they receive beyond the call, must not
 * throw for well-formed geometry (report degenerate values such as zero norms as NaN metrics), and
 * receive geometry only of the kinds they {@linkplain #wants ask for}.
 */
public interface GradientProbe {

    /** The kinds of geometry a probe can ask for. */
    enum Need {
        /** The S×S Gram matrix of per-domain gradients. */
        DOMAINS,
        /**
         * Preference pairs' geometry before a step (per-pair norms, inner products and loss
         * weights), the first-order prediction of the step's effect on their log-probabilities and
         * the realised effect ({@link PairStep}).
         */
        STEP,
        /** Per-token gradient inner products of the probe set's pairs ({@link TokenPairs}). */
        TOKENS
    }

    /** Observe every this many optimiser steps (at least 1). */
    int interval();

    /** Whether this probe needs geometry of kind {@code need}. */
    boolean wants(Need need);

    /**
     * Called after an optimiser step (or, in an audit, instead of one) when {@link #wants wants(STEP)}.
     */
    default void observeStep(PairStep step, MetricSink sink) {
    }

    /**
     * Called at the parameters before a step when {@link #wants wants(TOKENS)}; the probe pulls the
     * pairs it wants, since each costs one backward pass per token.
     *
     * @param step the optimiser step
     */
    default void observeTokens(long step, TokenPairs pairs, MetricSink sink) {
    }

    /** Called with domain geometry when {@link #wants wants(DOMAINS)}. */
    default void observeDomains(DomainGeometry geometry, MetricSink sink) {
    }
}
