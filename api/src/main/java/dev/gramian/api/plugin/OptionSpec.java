package dev.gramian.api.plugin;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One option a plugin declares: its key, type, default, a one-line description and the valid range
 * or choices. Values given with {@code -O key=value} are checked against it by
 * {@link Options#resolve}. Build one with the static factories and narrow the range with the
 * {@code atLeast}/{@code greaterThan}/{@code atMost}/{@code lessThan} withers.
 *
 * @param key          snake_case key, e.g. {@code label_smoothing}
 * @param type         the value type
 * @param defaultValue the default as text; never null (every option has a default)
 * @param description  one line for {@code plugins describe}
 * @param min          lower bound for numbers, or null
 * @param minInclusive whether {@code min} itself is allowed
 * @param max          upper bound for numbers, or null
 * @param maxInclusive whether {@code max} itself is allowed
 * @param choices      the valid values of a {@link OptionType#CHOICE} option, empty otherwise
 */
public record OptionSpec(String key, OptionType type, String defaultValue, String description,
                         Double min, boolean minInclusive, Double max, boolean maxInclusive,
                         List<String> choices) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");

    public OptionSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue of " + key);
        Objects.requireNonNull(description, "description of " + key);
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("option key must be snake_case: '" + key + "'");
        }
        choices = List.copyOf(choices);
        if (type == OptionType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice option '" + key + "' declares no choices");
        }
    }

    /** A real-valued option with no bounds. */
    public static OptionSpec real(String key, double defaultValue, String description) {
        return new OptionSpec(key, OptionType.REAL, Double.toString(defaultValue), description,
                null, true, null, true, List.of());
    }

    /** An integer option with no bounds. */
    public static OptionSpec integer(String key, long defaultValue, String description) {
        return new OptionSpec(key, OptionType.INTEGER, Long.toString(defaultValue), description,
                null, true, null, true, List.of());
    }

    /** A boolean option. */
    public static OptionSpec bool(String key, boolean defaultValue, String description) {
        return new OptionSpec(key, OptionType.BOOLEAN, Boolean.toString(defaultValue), description,
                null, true, null, true, List.of());
    }

    /** An option whose value must be one of {@code choices}. */
    public static OptionSpec choice(String key, String defaultValue, String description, String... choices) {
        if (!List.of(choices).contains(defaultValue)) {
            throw new IllegalArgumentException("default '" + defaultValue + "' of '" + key + "' is not a choice");
        }
        return new OptionSpec(key, OptionType.CHOICE, defaultValue, description,
                null, true, null, true, List.of(choices));
    }

    /** A free-text option. */
    public static OptionSpec string(String key, String defaultValue, String description) {
        return new OptionSpec(key, OptionType.STRING, defaultValue, description,
                null, true, null, true, List.of());
    }

    /** This option, with values below {@code bound} rejected. */
    public OptionSpec atLeast(double bound) {
        return new OptionSpec(key, type, defaultValue, description, bound, true, max, maxInclusive, choices);
    }

    /** This option, with values at or below {@code bound} rejected. */
    public OptionSpec greaterThan(double bound) {
        return new OptionSpec(key, type, defaultValue, description, bound, false, max, maxInclusive, choices);
    }

    /** This option, with values above {@code bound} rejected. */
    public OptionSpec atMost(double bound) {
        return new OptionSpec(key, type, defaultValue, description, min, minInclusive, bound, true, choices);
    }

    /** This option, with values at or above {@code bound} rejected. */
    public OptionSpec lessThan(double bound) {
        return new OptionSpec(key, type, defaultValue, description, min, minInclusive, bound, false, choices);
    }

    /** The valid range or choices in words, e.g. {@code real in (0, inf)} or {@code one of [sgd, adam]}. */
    public String validValues() {
        return switch (type) {
            case CHOICE -> "one of " + choices;
            case BOOLEAN -> "true or false";
            case STRING -> "any text";
            case REAL, INTEGER -> {
                String name = type.name().toLowerCase(Locale.ROOT);
                if (min == null && max == null) {
                    yield "any " + name;
                }
                yield name + " in " + (min == null ? "(-inf" : (minInclusive ? "[" : "(") + format(min))
                        + ", " + (max == null ? "inf)" : format(max) + (maxInclusive ? "]" : ")"));
            }
        };
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
