package dev.gramian.report.chart;

import java.util.List;
import java.util.Objects;

/**
 * One drawn chart, ready to embed in a page.
 *
 * @param title what the chart shows, also used as its caption and alternative text
 * @param series the labels of the chart's series (its legend), empty for a heat map
 * @param pngBase64 the PNG image, Base64-encoded
 * @param width the image width in pixels
 * @param height the image height in pixels
 */
public record Figure(String title, List<String> series, String pngBase64, int width, int height) {
    public Figure {
        Objects.requireNonNull(title, "title");
        series = List.copyOf(series);
        Objects.requireNonNull(pngBase64, "pngBase64");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("figure size must be positive: " + width + "x" + height);
        }
    }

    /** The image as a {@code data:} URI, so the page needs no other file. */
    public String dataUri() {
        return "data:image/png;base64," + pngBase64;
    }
}
