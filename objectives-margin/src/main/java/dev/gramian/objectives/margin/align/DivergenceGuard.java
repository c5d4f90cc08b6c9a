package dev.gramian.objectives.margin.align;

import dev.gramian.api.TrainingDivergedException;
import dev.gramian.api.param.ParameterSet;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A trainer's watch for divergence. Each step it checks what the step computed (loss, update
 * direction, then the parameters it produced, then any metrics it logs) and remembers the step's
 * training metrics; when something is not finite it first hands the listener the last finite
 * step's metrics, if that step was not logged, then throws {@link TrainingDivergedException}. The
 * trainer calls it before it logs or checkpoints a step, so nothing non-finite reaches either.
 */
final class DivergenceGuard {
    private final TrainingListener listener;
    private long lastStep;
    private Supplier<Map<String, Double>> lastMetrics;
    private boolean lastLogged = true;

    DivergenceGuard(TrainingListener listener) {
        this.listener = listener;
    }

    /**
     * Checks step {@code step}'s loss and the direction it is about to apply.
     *
     * @param learningRate the step's learning rate, which the error suggests lowering
     */
    void checkUpdate(long step, double loss, ParameterSet direction, double learningRate) {
        check(step, () -> {
            TrainingDivergedException.requireFinite(step, "the loss", loss, advice(learningRate));
            TrainingDivergedException.requireFinite(step, "the update direction for parameter", direction, advice(learningRate));
        });
    }

    /** Checks the parameters after step {@code step} was applied. */
    void checkParameters(long step, ParameterSet parameters, double learningRate) {
        check(step, () -> TrainingDivergedException.requireFinite(step, "parameter", parameters,
                advice(learningRate)));
    }

    /** Checks that the held-out metrics {@code eval} of step {@code step} are finite. */
    void checkMetrics(long step, Map<String, Double> eval, double learningRate) {
        check(step, () -> eval.forEach((name, value) -> TrainingDivergedException.requireFinite(step,
                "the held-out " + name, value, advice(learningRate))));
    }

    /**
     * Step {@code step}'s update and parameters passed the checks; {@code metrics} computes its
     * training metrics, should they be needed before the trainer logs them.
     */
    void passed(long step, Supplier<Map<String, Double>> metrics) {
        lastStep = step;
        lastMetrics = metrics;
        lastLogged = false;
    }

    /** The trainer logged the last step that passed. */
    void logged() {
        lastLogged = true;
    }

    private void check(long step, Runnable checks) {
        try {
            checks.run();
        } catch (TrainingDivergedException e) {
            if (!lastLogged) {
                listener.onMetrics(lastStep, lastMetrics.get());
                lastLogged = true;
            }
            throw e;
        }
    }

    private static String advice(double learningRate) {
        return "lower the learning rate (" + learningRate + " at this step)";
    }
}
