package dev.gramian.optimizers;

import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;

import java.util.ArrayList;
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
 * The slots are doubles, or floats when the optimiser keeps single-precision state (half the
 * memory, as PyTorch keeps the moments of float32 weights); the {@link OptimizerState} holds
 * doubles either way, which float slots round-trip exactly.
 */
final class SlotState {
    private final String optimizerId;
    private final List<String> slotNames;
    private final boolean singlePrecision;
    private long steps;
    /** The slots in {@link #slotNames} order; empty until the first step or a restore. */
    private List<ParameterSet> slots = List.of();
    /** Single precision: per slot, per parameter, the values; empty until the first step or a restore. */
    private List<float[][]> compact = List.of();
    /** Single precision: the slots' parameter names and shapes, in layout order. */
    private List<String> compactNames = List.of();
    private List<int[]> compactShapes = List.of();

    /** Double-precision slots. */
    SlotState(String optimizerId, List<String> slotNames) {
        this(optimizerId, slotNames, false);
    }

    /** Slots of floats when {@code singlePrecision}, else of doubles. */
    SlotState(String optimizerId, List<String> slotNames, boolean singlePrecision) {
        this.optimizerId = optimizerId;
        this.slotNames = List.copyOf(slotNames);
        this.singlePrecision = singlePrecision;
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
        checkStep(parameters, gradient, learningRate);
        if (singlePrecision) {
            throw new IllegalStateException("optimizer '" + optimizerId + "' keeps float slots: use beginCompactStep");
        }
        if (slots.isEmpty() && !slotNames.isEmpty()) {
            slots = slotNames.stream().map(name -> parameters.zerosLike()).toList();
        }
        for (int i = 0; i < slots.size(); i++) {
            requireSameLayout("optimiser state slot '" + slotNames.get(i) + "'", slots.get(i), parameters);
        }
        return slots;
    }

    /**
     * As {@link #beginStep} for single-precision slots: per slot (declaration order), per parameter
     * (layout order), the float values, created as zeros on the first step.
     */
    List<float[][]> beginCompactStep(ParameterSet parameters, ParameterSet gradient, double learningRate) {
        checkStep(parameters, gradient, learningRate);
        if (!singlePrecision) {
            throw new IllegalStateException("optimizer '" + optimizerId + "' keeps double slots: use beginStep");
        }
        if (compact.isEmpty() && !slotNames.isEmpty()) {
            recordLayout(parameters);
            compact = slotNames.stream().map(name -> {
                float[][] arrays = new float[parameters.parameters().size()][];
                for (int k = 0; k < arrays.length; k++) {
                    arrays[k] = new float[parameters.parameters().get(k).values().length];
                }
                return arrays;
            }).toList();
        }
        if (!compact.isEmpty()) {
            requireCompactLayout(parameters);
        }
        return compact;
    }

    private void checkStep(ParameterSet parameters, ParameterSet gradient, double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("optimizer '" + optimizerId
                    + "': learning rate must be finite and at least 0, got " + learningRate);
        }
        requireSameLayout("the gradient", gradient, parameters);
    }

    private void recordLayout(ParameterSet layout) {
        compactNames = layout.names();
        compactShapes = layout.parameters().stream().map(ParameterSet.Parameter::shape).toList();
    }

    /** Checks the float slots' layout against {@code parameters}, naming the first difference. */
    private void requireCompactLayout(ParameterSet parameters) {
        List<ParameterSet.Parameter> e = parameters.parameters();
        String difference = e.size() == compactNames.size() ? null : compactNames.size() + " arrays instead of " + e.size();
        for (int k = 0; difference == null && k < e.size(); k++) {
            if (!compactNames.get(k).equals(e.get(k).name()) || !Arrays.equals(compactShapes.get(k), e.get(k).shape())) {
                difference = "array " + k + " is '" + compactNames.get(k) + "' " + Arrays.toString(compactShapes.get(k))
                        + " instead of " + describe(e.get(k));
            }
        }
        if (difference != null) {
            throw new IllegalArgumentException("optimizer '" + optimizerId + "': optimiser state slot '"
                    + slotNames.get(0) + "' does not match the parameters' layout: " + difference);
        }
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
        for (int i = 0; i < compact.size(); i++) {
            List<ParameterSet.Parameter> widened = new ArrayList<>();
            float[][] arrays = compact.get(i);
            for (int k = 0; k < arrays.length; k++) {
                double[] values = new double[arrays[k].length];
                for (int j = 0; j < values.length; j++) {
                    values[j] = arrays[k][j];
                }
                widened.add(new ParameterSet.Parameter(compactNames.get(k), compactShapes.get(k), values));
            }
            named.put(slotNames.get(i), new ParameterSet(widened));
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
                : slotNames.stream().map(name -> singlePrecision ? given.get(name) : given.get(name).copy()).toList();
        for (int i = 1; i < restored.size(); i++) {
            requireSameLayout("optimiser state slot '" + slotNames.get(i) + "'", restored.get(i),
                    restored.get(0));
        }
        if (singlePrecision) {
            compact = restored.stream().map(SlotState::narrow).toList();
            if (!restored.isEmpty()) {
                recordLayout(restored.get(0));
            }
        } else {
            slots = restored;
        }
        steps = state.steps();
    }

    /** A slot's values rounded to floats (exact for values a float slot saved). */
    private static float[][] narrow(ParameterSet slot) {
        float[][] arrays = new float[slot.parameters().size()][];
        for (int k = 0; k < arrays.length; k++) {
            double[] values = slot.parameters().get(k).values();
            arrays[k] = new float[values.length];
            for (int j = 0; j < values.length; j++) {
                arrays[k][j] = (float) values[j];
            }
        }
        return arrays;
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
