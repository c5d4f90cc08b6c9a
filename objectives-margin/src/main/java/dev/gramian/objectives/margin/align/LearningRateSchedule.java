package dev.gramian.objectives.margin.align;

import dev.gramian.api.GramianException;

import java.util.Locale;

/**
 * The learning rate as a function of the step: a linear warm-up from 0 over {@code warmupSteps},
 * then {@code constant}, {@code linear} decay to 0 at {@code totalSteps}, or {@code cosine} decay.
 *
 * @param peak        the rate after warm-up
 * @param shape       the decay shape
 * @param warmupSteps warm-up length (0 for none)
 * @param totalSteps  the run's length
 */
public record LearningRateSchedule(double peak, Shape shape, long warmupSteps, long totalSteps) {

    /** How the rate decays after warm-up. */
    public enum Shape {
        /** Stays at the peak. */
        CONSTANT,
        /** Falls linearly to 0 at the last step. */
        LINEAR,
        /** Half a cosine from the peak to 0. */
        COSINE;

        /** Parses {@code constant}, {@code linear} or {@code cosine}. */
        public static Shape parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw GramianException.usage("unknown schedule '" + text + "'; known: constant, linear, cosine");
            }
        }
    }

    public LearningRateSchedule {
        if (!(peak > 0) || !Double.isFinite(peak)) {
            throw GramianException.usage("learning rate must be a positive number, got " + peak);
        }
        if (warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
            throw GramianException.usage("need 0 <= warm-up steps (" + warmupSteps + ") <= steps (" + totalSteps + ")");
        }
    }

    /** The rate for 0-based step {@code step}. */
    public double at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = totalSteps == warmupSteps ? 0 : (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return switch (shape) {
            case CONSTANT -> peak;
            case LINEAR -> peak * (1 - progress);
            case COSINE -> peak * 0.5 * (1 + Math.cos(Math.PI * progress));
        };
    }
}
