package dev.gramian.report.chart;

import dev.gramian.api.GramianException;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * Applies the report's common look to XChart charts and encodes them as PNG. Charts are drawn with
 * Java 2D, so AWT is forced headless (unless the caller chose otherwise) before anything is drawn: a
 * report must render on a server without a display.
 */
final class ChartRenderer {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Line charts: wide enough for a legend of several runs below the plot. */
    static final int WIDTH = 880;
    static final int HEIGHT = 440;

    /** Rough legend metrics for the 12-point legend font, used to decide the legend's layout. */
    private static final int LEGEND_CHAR_WIDTH = 7;
    private static final int LEGEND_ENTRY_PADDING = 50;
    private static final int LEGEND_ROW_HEIGHT = 19;

    private static final Color GRID = new Color(0xE3E3E3);
    private static final Color[] SERIES_COLORS = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
        new Color(0xBCBD22), new Color(0x17BECF),
    };

    private ChartRenderer() {}

    /** White background, light grid, readable fonts and the legend below the plot. */
    static void applyStyle(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(GRID);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setSeriesColors(SERIES_COLORS);
        styler.setAntiAlias(true);
        if (styler instanceof AxesChartStyler axes) {
            axes.setPlotGridLinesColor(GRID);
            axes.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }
    }

    /**
     * Legend entries on one row if they fit under the plot, otherwise one per row (a horizontal
     * legend that is too wide is cut off at both sides).
     */
    static void layOutLegend(Styler styler, List<String> labels) {
        styler.setLegendLayout(legendFitsOneRow(labels) ? Styler.LegendLayout.Horizontal : Styler.LegendLayout.Vertical);
    }

    /** The height to add to a chart so that a one-entry-per-row legend does not shrink the plot. */
    static int extraLegendHeight(List<String> labels) {
        return legendFitsOneRow(labels) ? 0 : LEGEND_ROW_HEIGHT * (labels.size() - 1);
    }

    private static boolean legendFitsOneRow(List<String> labels) {
        int width = labels.stream().mapToInt(label -> LEGEND_ENTRY_PADDING + LEGEND_CHAR_WIDTH * label.length()).sum();
        return width < WIDTH - 40;
    }

    /** Draws the chart to PNG; {@code series} are the legend entries worth listing in the caption. */
    static Figure render(String title, List<String> series, Chart<?, ?> chart) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return new Figure(title, series, Base64.getEncoder().encodeToString(png), chart.getWidth(), chart.getHeight());
        } catch (IOException e) {
            throw new GramianException(GramianException.Category.INTERNAL,
                    "cannot encode chart '" + title + "' as PNG: " + e.getMessage(), e);
        }
    }
}
