package dev.gramian.report.plot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Colours by key (an objective, a rule, a metric), handed out in order of first request and kept:
 * the same key gets the same colour in every figure that uses this palette. Ten colours from the
 * categorical scheme of Tableau, distinguishable in print; after ten they repeat.
 */
public final class Palette {
    private static final List<String> COLOURS = List.of("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");

    private final Map<String, String> assigned = new LinkedHashMap<>();

    /** A palette whose first colours go to {@code keys}, in order. */
    public static Palette of(List<String> keys) {
        Palette palette = new Palette();
        keys.forEach(palette::colour);
        return palette;
    }

    /** The colour of {@code key} as {@code #rrggbb}. */
    public String colour(String key) {
        return assigned.computeIfAbsent(key, k -> COLOURS.get(assigned.size() % COLOURS.size()));
    }
}
