package dev.gramian.report.chart;

import dev.gramian.runs.MetricRow;
import dev.gramian.runs.RecordedRun;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Draws metrics over steps. Every metric a chart claims becomes one line per run, labelled by run
 * (when there are several) and metric; a run's phases ({@code sft}, then {@code align}) each get
 * their own chart, since each counts its steps from zero and they are not one curve. Metrics that
 * no chart in the {@link StepChart#CATALOG} claims are still drawn, grouped by their first name
 * segment, so a new probe's metrics show up without a code change. The domain Gram entries {@code gip/gram/i/j} are
 * left to the heat map.
 */
final class StepCharts {
    /** Above this many points a line is drawn without markers. */
    private static final int MARKER_LIMIT = 40;
    private static final String GRAM_PREFIX = "gip/gram/";
    private static final String SEPARATOR = " · ";
    /** Quantiles other than the median ({@code …_p10}, {@code …_p90}) are dashed, so they read as a band. */
    private static final Pattern OUTER_QUANTILE = Pattern.compile(".*_p(?!50$)\\d+");

    private StepCharts() {}

    /** One chart per catalogue entry (and per group of unclaimed metrics) that has data. */
    static List<StepChartFigure> draw(List<RecordedRun> runs) {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(run -> run.metrics().forEach(row -> names.addAll(row.values().keySet())));
        Set<String> unclaimed = new LinkedHashSet<>(names);
        List<StepChart> charts = new ArrayList<>();
        for (StepChart chart : StepChart.CATALOG) {
            charts.add(chart);
            unclaimed.removeIf(chart.metrics());
        }
        unclaimed.removeIf(name -> name.startsWith(GRAM_PREFIX));
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        unclaimed.forEach(name -> groups.computeIfAbsent(group(name), key -> new LinkedHashSet<>()).add(name));
        groups.forEach((group, members) ->
                charts.add(new StepChart(StepChart.OTHER, "Other metrics: " + group, group, members::contains)));

        List<StepChartFigure> figures = new ArrayList<>();
        for (StepChart chart : charts) {
            draw(chart, names, runs).forEach(figure -> figures.add(new StepChartFigure(chart.section(), figure)));
        }
        return figures;
    }

    private static List<Figure> draw(StepChart spec, Set<String> names, List<RecordedRun> runs) {
        List<Line> lines = new ArrayList<>();
        for (String metric : names) {
            if (!spec.metrics().test(metric)) {
                continue;
            }
            for (RecordedRun run : runs) {
                Map<String, List<double[]>> byPhase = new LinkedHashMap<>();
                for (String phase : run.phases()) {
                    List<double[]> points = points(run.metrics(), metric, phase);
                    if (!points.isEmpty()) {
                        byPhase.put(phase, points);
                    }
                }
                byPhase.forEach((phase, points) -> {
                    List<String> label = new ArrayList<>();
                    if (runs.size() > 1) {
                        label.add(run.name());
                    }
                    label.add(metric);
                    lines.add(new Line(String.join(SEPARATOR, label), metric, phase, points));
                });
            }
        }
        Map<String, List<Line>> byPhase = new LinkedHashMap<>();
        lines.forEach(line -> byPhase.computeIfAbsent(line.phase(), phase -> new ArrayList<>()).add(line));
        List<Figure> figures = new ArrayList<>();
        byPhase.forEach((phase, phaseLines) -> figures.add(draw(
                byPhase.size() > 1 && !phase.isEmpty() ? spec.title() + " (" + phase + " phase)" : spec.title(),
                spec.yAxis(), phaseLines)));
        return figures;
    }

    private static Figure draw(String title, String yAxis, List<Line> lines) {
        List<String> labels = lines.stream().map(Line::label).toList();
        XYChart chart = new XYChartBuilder().width(ChartRenderer.WIDTH)
                .height(ChartRenderer.HEIGHT + ChartRenderer.extraLegendHeight(labels))
                .title(title).xAxisTitle("step").yAxisTitle(yAxis).build();
        ChartRenderer.applyStyle(chart.getStyler());
        ChartRenderer.layOutLegend(chart.getStyler(), labels);
        for (Line line : lines) {
            XYSeries series = chart.addSeries(uniqueName(chart, line.label()),
                    line.points().stream().mapToDouble(point -> point[0]).toArray(),
                    line.points().stream().mapToDouble(point -> point[1]).toArray());
            series.setMarker(line.points().size() > MARKER_LIMIT ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            if (OUTER_QUANTILE.matcher(line.metric()).matches()) {
                series.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        return ChartRenderer.render(title, List.copyOf(chart.getSeriesMap().keySet()), chart);
    }

    /** The (step, value) points of one metric in one phase, leaving out non-finite values. */
    private static List<double[]> points(List<MetricRow> rows, String metric, String phase) {
        List<double[]> points = new ArrayList<>();
        for (MetricRow row : rows) {
            double value = row.value(metric);
            if (row.phase().equals(phase) && Double.isFinite(value)) {
                points.add(new double[] {row.step(), value});
            }
        }
        return points;
    }

    /** Groups an unclaimed metric by its first segment, ignoring an {@code eval/} prefix. */
    private static String group(String metric) {
        String name = metric.startsWith("eval/") ? metric.substring("eval/".length()) : metric;
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    /** XChart needs distinct series names; two runs with one label get a counter. */
    static String uniqueName(Chart<?, ?> chart, String name) {
        String candidate = name;
        for (int n = 2; chart.getSeriesMap().containsKey(candidate); n++) {
            candidate = name + " (" + n + ")";
        }
        return candidate;
    }

    /** One series before it is drawn: its legend label, the metric, its phase and its (step, value) points. */
    private record Line(String label, String metric, String phase, List<double[]> points) {}

    /** A drawn step chart and the section it belongs to. */
    record StepChartFigure(String section, Figure figure) {}
}
