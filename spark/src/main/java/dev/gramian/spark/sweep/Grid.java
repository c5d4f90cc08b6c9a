package dev.gramian.spark.sweep;

import dev.gramian.api.GramianException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The grid of a sweep: its axes in the order given ({@code --grid objective=dpo,ipo --grid beta=0.05,0.1}),
 * expanded into every combination, the first axis changing slowest.
 *
 * @param axes the axes, at least one, with distinct keys
 */
public record Grid(List<Axis> axes) {
    /** The separator between values, unless a value list contains {@link #ALTERNATIVE_SEPARATOR}. */
    static final String SEPARATOR = ",";
    /** Separates values that contain commas themselves: {@code objective=dpo:0.8,sft:1.0|simpo}. */
    static final String ALTERNATIVE_SEPARATOR = "|";

    /**
     * One axis: a key and its values, as given.
     *
     * @param key    an option of the swept command, by name ({@code lr}, {@code objective}) or a plugin
     *               option ({@code beta}, {@code O.beta})
     * @param values at least one, distinct
     */
    public record Axis(String key, List<String> values) {
        public Axis {
            Objects.requireNonNull(key, "key");
            values = List.copyOf(values);
        }
    }

    public Grid {
        axes = List.copyOf(axes);
    }

    /**
     * Parses the {@code --grid KEY=V1,V2} values: values are split at commas, or at {@code |} when the
     * list holds one (for values with commas, such as a weighted objective sum).
     *
     * @throws GramianException (usage) for no axis, an axis without {@code =} or values, a key given
     *                          twice, or a value repeated on one axis
     */
    public static Grid parse(List<String> specs) {
        if (specs.isEmpty()) {
            throw GramianException.usage("a sweep needs a grid: give at least one --grid KEY=V1,V2 "
                    + "(e.g. --grid beta=0.05,0.1)");
        }
        Map<String, Axis> axes = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String key = eq < 0 ? spec.strip() : spec.substring(0, eq).strip();
            if (eq <= 0 || key.isEmpty()) {
                throw GramianException.usage("--grid " + spec + ": write KEY=V1,V2, e.g. --grid beta=0.05,0.1");
            }
            String list = spec.substring(eq + 1);
            String separator = list.contains(ALTERNATIVE_SEPARATOR) ? ALTERNATIVE_SEPARATOR : SEPARATOR;
            Set<String> values = new LinkedHashSet<>();
            for (String value : list.split(java.util.regex.Pattern.quote(separator), -1)) {
                String stripped = value.strip();
                if (stripped.isEmpty()) {
                    if (list.isBlank()) {
                        throw GramianException.usage("--grid " + spec + " has no values: the grid would be empty; "
                                + "write e.g. --grid " + key + "=V1,V2");
                    }
                    throw GramianException.usage("--grid " + spec + " has an empty value");
                }
                if (!values.add(stripped)) {
                    throw GramianException.usage("--grid " + spec + " repeats the value '" + stripped + "'");
                }
            }
            if (axes.put(key, new Axis(key, List.copyOf(values))) != null) {
                throw GramianException.usage("--grid " + key + " is given twice; put all its values in one --grid");
            }
        }
        return new Grid(List.copyOf(axes.values()));
    }

    /** The keys, in order. */
    public List<String> keys() {
        return axes.stream().map(Axis::key).toList();
    }

    /** How many configurations the grid holds. */
    public int size() {
        return axes.stream().mapToInt(axis -> axis.values().size()).reduce(1, (a, b) -> a * b);
    }

    /** Every configuration as key → value in axis order, the first axis changing slowest. */
    public List<Map<String, String>> configurations() {
        List<Map<String, String>> configurations = new ArrayList<>();
        configurations.add(new LinkedHashMap<>());
        for (Axis axis : axes) {
            List<Map<String, String>> extended = new ArrayList<>();
            for (Map<String, String> partial : configurations) {
                for (String value : axis.values()) {
                    Map<String, String> next = new LinkedHashMap<>(partial);
                    next.put(axis.key(), value);
                    extended.add(next);
                }
            }
            configurations = extended;
        }
        return configurations.stream().map(java.util.Collections::unmodifiableMap).toList();
    }
}
