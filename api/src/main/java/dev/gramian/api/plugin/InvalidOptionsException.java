package dev.gramian.api.plugin;

import dev.gramian.api.GramianException;

/**
 * Thrown by {@link PluginProvider#create} when options that are each valid do not fit together
 * (a cross-option check the declared ranges cannot express, e.g. {@code min_len} above
 * {@code max_len}). The catalog reports it as a usage error (exit status 2) that names the plugin,
 * followed by this message; say which keys conflict and what would be valid. A provider that throws
 * a plain {@link IllegalArgumentException} is treated the same way; any other exception from
 * {@code create} is blamed on the plugin and its jar.
 */
public class InvalidOptionsException extends GramianException {
    private static final long serialVersionUID = 1L;

    /** The options do not fit together, as {@code message} explains (without the plugin's name). */
    public InvalidOptionsException(String message) {
        super(Category.USAGE, message);
    }
}
