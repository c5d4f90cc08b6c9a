package dev.gramian.runs.align;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a one-phase run ({@code sft}, {@code align}) ended with.
 *
 * @param steps      the phase's length
 * @param lastEval   the held-out metrics of its last evaluation (empty without held-out pairs)
 * @param checkpoint the latest checkpoint ({@code checkpoints/latest.ckpt})
 */
public record PhaseOutcome(long steps, Map<String, Double> lastEval, Path checkpoint) {
    public PhaseOutcome {
        lastEval = Map.copyOf(lastEval);
    }
}
