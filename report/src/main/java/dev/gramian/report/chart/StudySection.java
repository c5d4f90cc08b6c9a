package dev.gramian.report.chart;

import dev.gramian.report.plot.SmallMultiples;

import java.util.List;
import java.util.Objects;

/**
 * A titled part of a study's page: interactive figures of small multiples, then images (heat maps).
 *
 * @param title the section heading
 * @param plots its SVG figures, in display order
 * @param images its PNG figures, in display order
 */
public record StudySection(String title, List<SmallMultiples> plots, List<Figure> images) {
    public StudySection {
        Objects.requireNonNull(title, "title");
        plots = plots.stream().filter(plot -> !plot.isEmpty()).toList();
        images = List.copyOf(images);
    }

    /** Whether the section has nothing to show. */
    public boolean isEmpty() {
        return plots.isEmpty() && images.isEmpty();
    }
}
