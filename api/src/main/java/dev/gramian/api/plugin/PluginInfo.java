package dev.gramian.api.plugin;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a plugin says about itself: a kebab-case id unique within its kind, the kind, a one-line
 * summary, and the options it accepts.
 *
 * @param id      kebab-case id, e.g. {@code apo-zero}
 * @param kind    the plugin kind
 * @param summary one line for {@code gramian plugins list}
 * @param options the declared options, in the order they are documented
 */
public record PluginInfo(String id, PluginKind kind, String summary, List<OptionSpec> options) {

    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*(\\+[a-z0-9-]+)?");

    public PluginInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind of " + id);
        Objects.requireNonNull(summary, "summary of " + id);
        if (!KEBAB.matcher(id).matches()) {
            throw new IllegalArgumentException("plugin id must be kebab-case: '" + id + "'");
        }
        options = List.copyOf(options);
        var seen = new HashSet<String>();
        for (OptionSpec option : options) {
            if (!seen.add(option.key())) {
                throw new IllegalArgumentException(id + " declares option '" + option.key() + "' twice");
            }
        }
    }

    /** Convenience constructor taking the options as varargs. */
    public PluginInfo(String id, PluginKind kind, String summary, OptionSpec... options) {
        this(id, kind, summary, List.of(options));
    }

    /** The declared option with this key, if any. */
    public Optional<OptionSpec> option(String key) {
        return options.stream().filter(o -> o.key().equals(key)).findFirst();
    }
}
