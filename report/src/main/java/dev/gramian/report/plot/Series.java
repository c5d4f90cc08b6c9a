package dev.gramian.report.plot;

import java.util.List;
import java.util.Objects;

/**
 * One series of a panel.
 *
 * @param label its legend entry; series with one label share an entry (and a toggle) across panels
 * @param colour its colour, {@code #rrggbb}
 * @param mark how it is drawn
 * @param points its {@code (x, y)} points in order; non-finite ones are left out when drawn
 */
public record Series(String label, String colour, Mark mark, List<double[]> points) {
    public Series {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(mark, "mark");
        points = points.stream().filter(p -> p.length == 2 && Double.isFinite(p[0]) && Double.isFinite(p[1]))
                .map(double[]::clone).toList();
    }
}
