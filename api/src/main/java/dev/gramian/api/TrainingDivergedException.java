package dev.gramian.api;

import dev.gramian.api.param.ParameterSet;

import java.util.Optional;

/**
 * A training run stopped because a loss, a gradient or a parameter stopped being finite. Trainers
 * check after every step, before they log or checkpoint it, so a run that diverges has logged only
 * finite metrics and its checkpoints hold finite parameters; the message names the step (1-based,
 * as in {@code metrics.jsonl}) and the quantity, and says what to lower.
 */
public final class TrainingDivergedException extends GramianException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final String quantity;

    /**
     * @param step     the 1-based step whose computation produced the value
     * @param quantity what is not finite, e.g. "the loss (NaN)" or "parameter layer0/mlp/in/weight"
     * @param advice   what to change, e.g. "lower the learning rate (1.0E6)"
     */
    public TrainingDivergedException(long step, String quantity, String advice) {
        super(Category.DIVERGED, "training diverged at step " + step + ": " + quantity + " is not finite; " + advice);
        this.step = step;
        this.quantity = quantity;
    }

    /** The 1-based step whose computation produced the non-finite value. */
    public long step() {
        return step;
    }

    /** What is not finite, as the message names it. */
    public String quantity() {
        return quantity;
    }

    /**
     * Throws when {@code value}, named {@code name} (e.g. "the loss"), is NaN or infinite.
     *
     * @throws TrainingDivergedException naming the step, the quantity and its value
     */
    public static void requireFinite(long step, String name, double value, String advice) {
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException(step, name + " (" + value + ")", advice);
        }
    }

    /**
     * Throws when any entry of {@code values} is NaN or infinite; the message names the first
     * parameter at fault after {@code prefix} (e.g. "parameter", "the update direction for parameter").
     *
     * @throws TrainingDivergedException naming the step and the parameter
     */
    public static void requireFinite(long step, String prefix, ParameterSet values, String advice) {
        Optional<String> bad = values.firstNonFinite();
        if (bad.isPresent()) {
            throw new TrainingDivergedException(step, prefix + " " + bad.get(), advice);
        }
    }
}
