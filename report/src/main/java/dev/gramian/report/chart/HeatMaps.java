package dev.gramian.report.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/**
 * Draws a labelled matrix as a heat map with a diverging blue–white–red scale centred on zero, so
 * negative and positive inner products or cosines read at a glance. Row 0 is drawn at the top; a
 * non-finite cell (written as {@code null} by the run) is left blank.
 */
final class HeatMaps {
    /** Cell values are printed only while the matrix is small enough to read them. */
    private static final int MAX_LABELLED_CELLS = 144;
    private static final Color[] DIVERGING = {new Color(0x2166AC), Color.WHITE, new Color(0xB2182B)};

    private HeatMaps() {}

    /**
     * Draws {@code values[row][column]} with the given labels on a symmetric scale from −{@code limit}
     * to {@code limit}.
     */
    static Figure draw(String title, String rowAxis, String columnAxis, List<String> rows, List<String> columns,
            double[][] values, double limit) {
        int width = clamp(Math.max(300 + 64 * columns.size(), 80 + 9 * title.length()), 560, 1150);
        int height = clamp(230 + 40 * rows.size(), 380, 900);
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(columnAxis).yAxisTitle(rowAxis).build();
        ChartRenderer.applyStyle(chart.getStyler());
        HeatMapStyler styler = chart.getStyler();
        styler.setRangeColors(DIVERGING);
        styler.setMin(-limit);
        styler.setMax(limit);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setShowValue(rows.size() * columns.size() <= MAX_LABELLED_CELLS);
        styler.setHeatMapValueDecimalPattern("0.##");
        styler.setXAxisLabelRotation(columns.size() > 8 ? 45 : 0);

        List<Number[]> cells = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            for (int column = 0; column < columns.size(); column++) {
                if (Double.isFinite(values[row][column])) {
                    cells.add(new Number[] {column, rows.size() - 1 - row, values[row][column]});
                }
            }
        }
        List<String> rowLabels = distinct(rows);
        Collections.reverse(rowLabels);
        chart.addSeries(title, distinct(columns), rowLabels, cells);
        return ChartRenderer.render(title, List.of(), chart);
    }

    /** The largest absolute finite value, or 1 if there is none, as a symmetric colour limit. */
    static double symmetricLimit(double[][] values) {
        double limit = 0;
        for (double[] row : values) {
            for (double value : row) {
                if (Double.isFinite(value)) {
                    limit = Math.max(limit, Math.abs(value));
                }
            }
        }
        return limit > 0 ? limit : 1;
    }

    /** Axis labels must differ: a repeated token gets its position appended. */
    private static List<String> distinct(List<String> labels) {
        Map<String, Integer> counts = new HashMap<>();
        labels.forEach(label -> counts.merge(label, 1, Integer::sum));
        List<String> result = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            result.add(counts.get(label) > 1 ? label + " #" + (i + 1) : label);
        }
        return result;
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }
}
