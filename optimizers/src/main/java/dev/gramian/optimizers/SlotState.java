package dev.gramian.optimizers;

import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state every optimiser here keeps: a step count and a fixed list of named slot arrays in the
 * parameters' layout, created as zeros from the first parameters seen (or taken from a restored
 * {@link OptimizerState}). It checks that parameters, gradients and slots share one layout and
 * reports the first difference with the optimiser's id, so a mismatched resume says what is wrong.
 */
final class SlotState {
    private final String optimizerId;
    private final List<String> slotNames;
    private long steps;
    /** The slots in {@link #slotNames} order; empty until the first step or a restore. */
    private List<ParameterSet> slots = List.of();

    SlotState(String optimizerId, List<String> slotNames) {
        this.optimizerId = optimizerId;
        this.slotNames = List.copyOf(slotNames);
    }

    /** Steps taken so far. */
    long steps() {
        return steps;
    }

    /**
     * Checks a step's inputs and returns the slots (in declaration order), laid out like
     * {@code parameters}, creating them as zeros on the first step.
     *
     * @throws IllegalArgumentException when the gradient or restored slots have another layout, or
     *                                  the learning rate is negative or not finite
     */
    List<ParameterSet> beginStep(ParameterSet parameters, ParameterSet gradient, double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("optimizer '" + optimizerId
                    + "': learning rate must be finite and at least 0, got " + learningRate);
        }
        requireSameLayout("the gradient", gradient, parameters);
        if (slots.isEmpty() && !slotNames.isEmpty()) {
            slots = slotNames.stream().map(name -> parameters.zerosLike()).toList();
        }
        for (int i = 0; i < slots.size(); i++) {
            requireSameLayout("optimiser state slot '" + slotNames.get(i) + "'", slots.get(i), parameters);
        }
        return slots;
    }

    /** Records that a step completed. */
    void endStep() {
        steps++;
    }

    /** A deep copy of the step count and slots. */
    OptimizerState snapshot() {
        Map<String, ParameterSet> named = new LinkedHashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            named.put(slotNames.get(i), slots.get(i));
        }
        return new OptimizerState(steps, named);
    }

    /**
     * Replaces the state with a deep copy of {@code state}.
     *
     * @throws IllegalArgumentException when its slot names are not this optimiser's, its slots
     *                                  disagree in layout, or it claims steps without slots
     */
    void restore(OptimizerState state) {
        Map<String, ParameterSet> given = state.slots();
        if (!given.isEmpty() && !new HashSet<>(slotNames).equals(given.keySet())) {
            throw new IllegalArgumentException("optimizer '" + optimizerId + "': cannot restore a state with slots "
                    + given.keySet() + "; this optimiser keeps " + (slotNames.isEmpty() ? "none" : slotNames)
                    + " (was it saved by another optimiser or with other options?)");
        }
        if (given.isEmpty() && !slotNames.isEmpty() && state.steps() > 0) {
            throw new IllegalArgumentException("optimizer '" + optimizerId + "': cannot restore a state of "
                    + state.steps() + " steps without its slots " + slotNames);
        }
        List<ParameterSet> restored = given.isEmpty() ? List.of()
                : slotNames.stream().map(name -> given.get(name).copy()).toList();
        for (int i = 1; i < restored.size(); i++) {
            requireSameLayout("optimiser state slot '" + slotNames.get(i) + "'", restored.get(i),
                    restored.get(0));
        }
        slots = restored;
        steps = state.steps();
    }

    private void requireSameLayout(String what, ParameterSet actual, ParameterSet expected) {
        if (actual.sameLayout(expected)) {
            return;
        }
        List<ParameterSet.Parameter> a = actual.parameters();
        List<ParameterSet.Parameter> e = expected.parameters();
        String difference = a.size() + " arrays instead of " + e.size();
        for (int i = 0; i < Math.min(a.size(), e.size()); i++) {
            if (!a.get(i).name().equals(e.get(i).name()) || !Arrays.equals(a.get(i).shape(), e.get(i).shape())) {
                difference = "array " + i + " is " + describe(a.get(i)) + " instead of " + describe(e.get(i));
                break;
            }
        }
        throw new IllegalArgumentException("optimizer '" + optimizerId + "': " + what
                + " does not match the parameters' layout: " + difference);
    }

    private static String describe(ParameterSet.Parameter p) {
        return "'" + p.name() + "' " + Arrays.toString(p.shape());
    }
}
