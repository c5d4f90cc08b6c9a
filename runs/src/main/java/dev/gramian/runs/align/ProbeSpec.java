package dev.gramian.runs.align;

import dev.gramian.api.GramianException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One probe of an alignment run, as {@code --probe ID[:KEY=VALUE,...]} names it: an id and its options.
 *
 * @param id      the probe's id
 * @param options its options as given
 */
public record ProbeSpec(String id, Map<String, String> options) {
    public ProbeSpec {
        Objects.requireNonNull(id, "id");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Parses {@code ID} or {@code ID:KEY=VALUE,...}.
     *
     * @throws GramianException (usage) for an option that is not KEY=VALUE
     */
    public static ProbeSpec parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new ProbeSpec(text, Map.of());
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String pair : text.substring(colon + 1).split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw GramianException.usage("--probe " + text + ": '" + pair + "' is not KEY=VALUE; write "
                        + "e.g. --probe entanglement:every=5,rows=false");
            }
            options.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return new ProbeSpec(text.substring(0, colon), options);
    }
}
