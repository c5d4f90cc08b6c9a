package dev.gramian.api.plugin;

/** The value type of a declared plugin option. */
public enum OptionType {
    /** A finite real number, parsed with {@link Double#parseDouble}. */
    REAL,
    /** A whole number, parsed with {@link Long#parseLong}. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** One of a declared list of strings. */
    CHOICE,
    /** Any string. */
    STRING
}
