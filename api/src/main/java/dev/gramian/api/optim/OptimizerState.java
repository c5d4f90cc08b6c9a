package dev.gramian.api.optim;

import dev.gramian.api.param.ParameterSet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The complete state of an optimiser: how many steps it took and its named slot arrays (e.g.
 * {@code momentum}, {@code m}, {@code v}), each in the layout of the parameters. An update rule's
 * own state ({@link dev.gramian.api.checkpoint.Resumable#state()}) has the same form, with slots in
 * a layout the rule documents.
 *
 * @param steps the number of steps taken
 * @param slots named per-parameter state, in a fixed order
 */
public record OptimizerState(long steps, Map<String, ParameterSet> slots) {
    public OptimizerState {
        if (steps < 0) {
            throw new IllegalArgumentException("negative step count " + steps);
        }
        Map<String, ParameterSet> copy = new LinkedHashMap<>();
        slots.forEach((k, v) -> copy.put(k, v.copy()));
        slots = java.util.Collections.unmodifiableMap(copy);
    }

    /** The state of an optimiser that has not stepped yet. */
    public static OptimizerState empty() {
        return new OptimizerState(0, Map.of());
    }

    /** Whether this is the state of something that has nothing to remember: no steps and no slots. */
    public boolean isEmpty() {
        return steps == 0 && slots.isEmpty();
    }
}
