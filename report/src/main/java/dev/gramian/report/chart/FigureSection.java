package dev.gramian.report.chart;

import java.util.List;
import java.util.Objects;

/**
 * A titled group of figures on the page ("Alignment", "Gradient entanglement", …).
 *
 * @param title the section heading
 * @param figures its charts, in display order; never empty
 */
public record FigureSection(String title, List<Figure> figures) {
    public FigureSection {
        Objects.requireNonNull(title, "title");
        figures = List.copyOf(figures);
        if (figures.isEmpty()) {
            throw new IllegalArgumentException("section '" + title + "' has no figures");
        }
    }
}
