package dev.gramian.report.study;

import java.util.regex.Pattern;

/**
 * Which way a summary column improves, judged from its name: accuracies, margins, the fraction of
 * pairs in the ideal case, the change of the chosen log-probability and correlations (of predicted
 * with realised changes) are better higher; losses, errors, the both-fall and both-rise fractions and
 * the change of the rejected log-probability are better lower. Diagnostics (cosines, GIP) have no best value.
 */
public enum Direction {
    HIGHER("↑"), LOWER("↓"), NONE("");

    private static final Pattern HIGHER_NAMES = Pattern.compile(
            ".*(accurac|margin|frac_ideal|delta_logp_chosen|rewards/chosen|correlation).*");
    private static final Pattern LOWER_NAMES = Pattern.compile(
            ".*(loss|frac_both_fall|frac_both_rise|delta_logp_rejected|rewards/rejected|error).*");

    private final String arrow;

    Direction(String arrow) {
        this.arrow = arrow;
    }

    /** The arrow shown beside a column's name: ↑, ↓ or nothing. */
    public String arrow() {
        return arrow;
    }

    /** The direction of the column named {@code column}. */
    public static Direction of(String column) {
        String name = column.toLowerCase(java.util.Locale.ROOT);
        if (HIGHER_NAMES.matcher(name).matches()) {
            return HIGHER;
        }
        return LOWER_NAMES.matcher(name).matches() ? LOWER : NONE;
    }

    /** Whether {@code candidate} is better than {@code best} in this direction. */
    public boolean better(double candidate, double best) {
        return this == HIGHER ? candidate > best : this == LOWER && candidate < best;
    }
}
