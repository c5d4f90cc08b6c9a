package dev.gramian.report.plot;

import java.util.List;
import java.util.Objects;

/**
 * One small chart of a figure.
 *
 * @param title its heading (the group it shows)
 * @param series its series, at most {@link SmallMultiples#MAX_SERIES}; a figure splits longer lists
 * @param categories x-axis category names when x is a category index (a dot plot), else empty
 * @param diagonal whether to draw the line y = x (predicted against realised)
 */
public record Panel(String title, List<Series> series, List<String> categories, boolean diagonal) {
    public Panel {
        Objects.requireNonNull(title, "title");
        series = List.copyOf(series);
        categories = List.copyOf(categories);
    }

    /** A panel of lines or points on a numeric x axis. */
    public static Panel of(String title, List<Series> series) {
        return new Panel(title, series, List.of(), false);
    }

    /** Whether any series has a point to draw. */
    public boolean hasPoints() {
        return series.stream().anyMatch(s -> !s.points().isEmpty());
    }
}
