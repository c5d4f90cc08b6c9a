package dev.gramian.api.plugin;

import dev.gramian.api.GramianException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The validated option values of one plugin instance: every declared option, with the user's value
 * where one was given and the default otherwise. Created only by {@link #resolve}, so a plugin's
 * {@code create} never sees an unknown key or an out-of-range value.
 */
public final class Options {
    private final PluginInfo plugin;
    private final Map<String, String> text;
    private final Map<String, Object> values;

    private Options(PluginInfo plugin, Map<String, String> text, Map<String, Object> values) {
        this.plugin = plugin;
        this.text = Collections.unmodifiableMap(text);
        this.values = Collections.unmodifiableMap(values);
    }

    /** The defaults of every option {@code plugin} declares. */
    public static Options defaults(PluginInfo plugin) {
        return resolve(plugin, Map.of());
    }

    /**
     * Checks {@code given} against the options {@code plugin} declares and fills in defaults.
     *
     * @throws GramianException (usage) for an unknown key, listing the valid keys, or for a value
     *                          that does not parse or is out of range, naming the valid values
     */
    public static Options resolve(PluginInfo plugin, Map<String, String> given) {
        for (String key : given.keySet()) {
            if (plugin.option(key).isEmpty()) {
                String known = plugin.options().isEmpty() ? "it takes no options"
                        : "valid keys: " + plugin.options().stream().map(OptionSpec::key)
                                .collect(Collectors.joining(", "));
                throw GramianException.usage(plugin.kind().label() + " '" + plugin.id()
                        + "': unknown option '" + key + "'; " + known);
            }
        }
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (OptionSpec spec : plugin.options()) {
            String raw = given.getOrDefault(spec.key(), spec.defaultValue()).trim();
            values.put(spec.key(), parse(plugin, spec, raw));
            text.put(spec.key(), raw);
        }
        return new Options(plugin, text, values);
    }

    private static Object parse(PluginInfo plugin, OptionSpec spec, String raw) {
        Object value;
        try {
            value = switch (spec.type()) {
                case REAL -> Double.parseDouble(raw);
                case INTEGER -> Long.parseLong(raw);
                case BOOLEAN -> {
                    if (!raw.equals("true") && !raw.equals("false")) {
                        throw new NumberFormatException();
                    }
                    yield Boolean.parseBoolean(raw);
                }
                case CHOICE -> {
                    if (!spec.choices().contains(raw)) {
                        throw new NumberFormatException();
                    }
                    yield raw;
                }
                case STRING -> raw;
            };
        } catch (NumberFormatException e) {
            throw invalid(plugin, spec, raw);
        }
        if (value instanceof Number number) {
            double v = number.doubleValue();
            boolean ok = Double.isFinite(v)
                    && (spec.min() == null || (spec.minInclusive() ? v >= spec.min() : v > spec.min()))
                    && (spec.max() == null || (spec.maxInclusive() ? v <= spec.max() : v < spec.max()));
            if (!ok) {
                throw invalid(plugin, spec, raw);
            }
        }
        return value;
    }

    private static GramianException invalid(PluginInfo plugin, OptionSpec spec, String raw) {
        return GramianException.usage(plugin.kind().label() + " '" + plugin.id() + "': invalid value '"
                + raw + "' for option '" + spec.key() + "'; expected " + spec.validValues());
    }

    /** The plugin these options belong to. */
    public PluginInfo plugin() {
        return plugin;
    }

    /** A real option's value. */
    public double real(String key) {
        return ((Number) get(key)).doubleValue();
    }

    /** An integer option's value, which must fit an {@code int}. */
    public int integer(String key) {
        return Math.toIntExact((Long) get(key));
    }

    /** A boolean option's value. */
    public boolean bool(String key) {
        return (Boolean) get(key);
    }

    /** A choice or string option's value. */
    public String string(String key) {
        return (String) get(key);
    }

    /** Every option's value as text, in declaration order: what a run's {@code config.json} records. */
    public Map<String, String> asText() {
        return text;
    }

    private Object get(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException(plugin.id() + " declares no option '" + key + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return plugin.id() + text;
    }
}
