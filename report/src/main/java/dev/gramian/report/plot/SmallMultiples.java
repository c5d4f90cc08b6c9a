package dev.gramian.report.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A figure of small panels with one shared legend, drawn as inline SVG. A panel with more than
 * {@link #MAX_SERIES} series is split into several, so no panel is an unreadable overlay. With
 * {@code sharedScale} every panel has the same axes, so panels compare at a glance.
 *
 * @param title the figure's caption
 * @param note a sentence under the caption on how to read it, or empty
 * @param xAxis the x axis title (also used in the tooltips)
 * @param yAxis the y axis title
 * @param panels the panels in display order
 * @param sharedScale whether all panels share their x and y ranges
 * @param columns panels per row (a row per metric or side, a column per group), or 0 to fill the width
 */
public record SmallMultiples(String title, String note, String xAxis, String yAxis, List<Panel> panels,
                             boolean sharedScale, int columns) {
    /** The most series one panel draws. */
    public static final int MAX_SERIES = 8;

    private static final int WIDTH = 300;
    private static final int HEIGHT = 214;
    private static final int LEFT = 54;
    private static final int RIGHT = 10;
    private static final int TOP = 24;
    private static final int BOTTOM = 34;
    private static final int MAX_DOTS = 400;

    public SmallMultiples {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(xAxis, "xAxis");
        Objects.requireNonNull(yAxis, "yAxis");
        panels = split(panels.stream().filter(Panel::hasPoints).toList());
    }

    /** Whether there is anything to draw. */
    public boolean isEmpty() {
        return panels.isEmpty();
    }

    /** The figure as an HTML {@code <figure>} holding the legend and one SVG per panel. */
    public String html() {
        Map<String, Series> legend = new LinkedHashMap<>();
        panels.forEach(panel -> panel.series().forEach(series -> legend.putIfAbsent(series.label(), series)));
        List<String> keys = List.copyOf(legend.keySet());
        StringBuilder html = new StringBuilder("<figure class=\"multiples\">\n<figcaption><b>")
                .append(escape(title)).append("</b>");
        if (!note.isEmpty()) {
            html.append("<br><span class=\"note\">").append(escape(note)).append("</span>");
        }
        html.append("</figcaption>\n<div class=\"legend\">");
        legend.forEach((label, series) -> html.append("<button type=\"button\" class=\"key\" data-series=\"s")
                .append(keys.indexOf(label)).append("\" aria-pressed=\"true\">").append(swatch(series))
                .append(escape(label)).append("</button>"));
        html.append("</div>\n<div class=\"panels\"");
        if (columns > 0 && columns <= 4) {
            html.append(" style=\"display:grid;grid-template-columns:repeat(").append(columns).append(",max-content)\"");
        }
        html.append(">\n");
        double[] shared = sharedScale ? range(panels) : null;
        for (Panel panel : panels) {
            html.append(panel(panel, shared == null ? range(List.of(panel)) : shared, keys));
        }
        return html.append("</div>\n</figure>\n").toString();
    }

    private String panel(Panel panel, double[] range, List<String> keys) {
        boolean wholeX = panel.series().stream().flatMap(series -> series.points().stream())
                .allMatch(point -> point[0] == Math.rint(point[0]));
        Axis x = new Axis(range[0], range[1], wholeX, panel.categories());
        Axis y = new Axis(range[2], range[3], false, List.of());
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg class=\"panel\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(escape(title + ": " + panel.title())).append("\">\n")
                .append("<text class=\"ptitle\" x=\"").append(LEFT).append("\" y=\"15\">").append(escape(panel.title()))
                .append("</text>\n<g class=\"grid\">");
        for (double tick : y.ticks()) {
            double py = TOP + plotHeight * (1 - y.fraction(tick));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LEFT, py,
                    WIDTH - RIGHT, py));
        }
        svg.append("</g>\n<g class=\"tick\">");
        for (double tick : y.ticks()) {
            double py = TOP + plotHeight * (1 - y.fraction(tick));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 4,
                    py + 4, escape(y.label(tick))));
        }
        for (double tick : x.ticks()) {
            double px = LEFT + plotWidth * x.fraction(tick);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", px,
                    TOP + plotHeight + 14, escape(x.label(tick))));
        }
        svg.append("</g>\n").append(String.format(Locale.ROOT,
                "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", LEFT, TOP, plotWidth, plotHeight));
        svg.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                LEFT + plotWidth / 2, HEIGHT - 4, escape(xAxis)));
        if (panel.diagonal()) {
            double low = Math.max(x.low(), y.low());
            double high = Math.min(x.high(), y.high());
            svg.append(String.format(Locale.ROOT, "<line class=\"diagonal\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\">"
                    + "<title>realised = predicted</title></line>\n", LEFT + plotWidth * x.fraction(low),
                    TOP + plotHeight * (1 - y.fraction(low)), LEFT + plotWidth * x.fraction(high),
                    TOP + plotHeight * (1 - y.fraction(high))));
        }
        int index = 0;
        for (Series series : panel.series()) {
            double offset = panel.categories().isEmpty() ? 0 : 0.1 * (index - (panel.series().size() - 1) / 2.0);
            index++;
            svg.append("<g class=\"series").append(series.mark().hollow() ? " hollow" : "").append("\" data-series=\"s")
                    .append(keys.indexOf(series.label())).append("\" stroke=\"").append(series.colour())
                    .append("\" fill=\"").append(series.colour()).append('"');
            if (series.mark() == Mark.DASHED) {
                svg.append(" stroke-dasharray=\"5 3\"");
            }
            svg.append(">");
            List<String> coordinates = new ArrayList<>();
            for (double[] point : series.points()) {
                coordinates.add(String.format(Locale.ROOT, "%.1f,%.1f", LEFT + plotWidth * x.fraction(point[0] + offset),
                        TOP + plotHeight * (1 - y.fraction(point[1]))));
            }
            if (series.mark().line() && coordinates.size() > 1) {
                svg.append("<polyline fill=\"none\" points=\"").append(String.join(" ", coordinates)).append("\"/>");
            }
            int stride = Math.max(1, (series.points().size() + MAX_DOTS - 1) / MAX_DOTS);
            for (int i = 0; i < coordinates.size(); i += stride) {
                double[] point = series.points().get(i);
                String[] xy = coordinates.get(i).split(",");
                svg.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"")
                        .append(series.mark().line() && coordinates.size() > 60 ? "2" : "3.2").append("\"><title>")
                        .append(escape(series.label() + " · " + panel.title() + " · " + xAxis + " " + x.exact(point[0])
                                + ": " + Numbers.format(point[1], 5)))
                        .append("</title></circle>");
            }
            svg.append("</g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * x low, x high, y low, y high over the panels' points, y widened a little so that no point sits
     * on the frame; a diagonal panel gets one range for both.
     */
    private static double[] range(List<Panel> panels) {
        double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        boolean diagonal = false;
        for (Panel panel : panels) {
            diagonal |= panel.diagonal();
            if (!panel.categories().isEmpty()) {
                range[0] = Math.min(range[0], -0.5);
                range[1] = Math.max(range[1], panel.categories().size() - 0.5);
            }
            for (Series series : panel.series()) {
                for (double[] point : series.points()) {
                    if (panel.categories().isEmpty()) {
                        range[0] = Math.min(range[0], point[0]);
                        range[1] = Math.max(range[1], point[0]);
                    }
                    range[2] = Math.min(range[2], point[1]);
                    range[3] = Math.max(range[3], point[1]);
                }
            }
        }
        if (diagonal) {
            double low = Math.min(range[0], range[2]);
            double high = Math.max(range[1], range[3]);
            return new double[] {low, high, low, high};
        }
        double margin = (range[3] - range[2]) * 0.03;
        return new double[] {range[0], range[1], range[2] - margin, range[3] + margin};
    }

    private static List<Panel> split(List<Panel> panels) {
        List<Panel> result = new ArrayList<>();
        for (Panel panel : panels) {
            int parts = (panel.series().size() + MAX_SERIES - 1) / MAX_SERIES;
            if (parts <= 1) {
                result.add(panel);
                continue;
            }
            for (int part = 0; part < parts; part++) {
                List<Series> series = panel.series().subList(part * MAX_SERIES,
                        Math.min(panel.series().size(), (part + 1) * MAX_SERIES));
                result.add(new Panel(panel.title() + " (" + (part + 1) + "/" + parts + ")", series, panel.categories(),
                        panel.diagonal()));
            }
        }
        return result;
    }

    private static String swatch(Series series) {
        StringBuilder svg = new StringBuilder("<svg width=\"24\" height=\"10\" aria-hidden=\"true\">");
        if (series.mark().line()) {
            svg.append("<line x1=\"0\" y1=\"5\" x2=\"24\" y2=\"5\" stroke=\"").append(series.colour())
                    .append("\" stroke-width=\"2\"").append(series.mark() == Mark.DASHED ? " stroke-dasharray=\"5 3\"" : "")
                    .append("/>");
        }
        svg.append("<circle cx=\"12\" cy=\"5\" r=\"3.5\" stroke=\"").append(series.colour()).append("\" fill=\"")
                .append(series.mark().hollow() ? "#fff" : series.colour()).append("\" stroke-width=\"1.5\"/></svg>");
        return svg.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /**
     * A linear axis with rounded ticks (1, 2 or 5 times a power of ten; whole numbers when every
     * value is whole, such as a domain count), or category positions.
     */
    private static final class Axis {
        private final double low;
        private final double high;
        private final double step;
        private final List<String> categories;

        Axis(double low, double high, boolean whole, List<String> categories) {
            this.categories = categories;
            if (!categories.isEmpty()) {
                this.low = -0.5;
                this.high = categories.size() - 0.5;
                this.step = 1;
                return;
            }
            if (!(high > low)) {
                double pad = low == 0 ? 1 : Math.abs(low) * 0.1;
                low -= pad;
                high += pad;
            }
            double raw = (high - low) / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double normalised = raw / magnitude;
            double nice = (normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10) * magnitude;
            this.step = whole ? Math.max(1, Math.round(nice)) : nice;
            this.low = Math.floor(low / step + 1e-9) * step;
            this.high = Math.ceil(high / step - 1e-9) * step;
        }

        double low() {
            return low;
        }

        double high() {
            return high;
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (!categories.isEmpty()) {
                for (int i = 0; i < categories.size(); i++) {
                    ticks.add((double) i);
                }
                return ticks;
            }
            int count = (int) Math.round((high - low) / step);
            for (int i = 0; i <= count; i++) {
                double tick = low + i * step;
                ticks.add(Math.abs(tick) < step * 1e-9 ? 0 : tick);
            }
            return ticks;
        }

        double fraction(double value) {
            return (value - low) / (high - low);
        }

        /** A data point's x as a tooltip shows it: its category, or five significant digits. */
        String exact(double value) {
            return categories.isEmpty() ? Numbers.format(value, 5) : label(value);
        }

        String label(double value) {
            if (!categories.isEmpty()) {
                int index = (int) Math.round(value);
                return index >= 0 && index < categories.size() ? categories.get(index) : "";
            }
            if (Math.abs(value) >= 1e7 || (value != 0 && Math.abs(value) < 1e-4)) {
                return Numbers.format(value, 3);
            }
            int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
            return new java.math.BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString().replaceFirst("^-0$", "0");
        }
    }
}
