package dev.gramian.objectives.margin.align;

import java.util.Map;

/** Receives what a trainer measures. All methods are called on the training thread. */
public interface TrainingListener {

    /**
     * One logged step's metrics, in a stable order (train metrics unprefixed, held-out metrics
     * with an {@code eval/} prefix).
     *
     * @param step the number of optimiser steps taken so far (0 before the first)
     */
    void onMetrics(long step, Map<String, Double> metrics);

    /** Called after optimiser step {@code step} (1-based) when a checkpoint is due. */
    default void onCheckpoint(long step) {
    }

    /** Progress: {@code done} of {@code total} steps. */
    default void onProgress(long done, long total) {
    }
}
