package dev.gramian.report.chart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.runs.JsonLine;
import dev.gramian.runs.RecordedRun;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entanglement probes' per-item tables: from {@code entanglement-pairs.jsonl} the distribution
 * of per-pair cosines and the scatter of predicted against realised changes of the chosen and
 * rejected log-probabilities; from {@code token-entanglement.jsonl} token × token gradient-cosine
 * heat maps for a few pairs.
 */
final class EntanglementCharts {
    static final String PAIRS_TABLE = "entanglement-pairs";
    static final String TOKENS_TABLE = "token-entanglement";
    /** Heat maps drawn per run: enough to compare a few pairs without burying the page. */
    static final int TOKEN_MAPS_PER_RUN = 3;

    private static final String SCATTER_TITLE = "Predicted vs realised change of log-probabilities (per probe pair and step)";
    private static final String HISTOGRAM_TITLE = "Distribution of the gradient cosine over probe pairs (latest probe step)";
    private static final int COSINE_BINS = 20;
    private static final String[] SIDES = {"chosen", "rejected"};

    private EntanglementCharts() {}

    /** The scatter over all runs' probe pairs, if any run recorded predicted and realised changes. */
    static Optional<Figure> scatter(List<RecordedRun> runs) {
        XYChart chart = new XYChartBuilder().width(ChartRenderer.WIDTH).height(ChartRenderer.HEIGHT + 60)
                .title(SCATTER_TITLE).xAxisTitle("predicted change (first-order law)")
                .yAxisTitle("realised change after the step").build();
        ChartRenderer.applyStyle(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (RecordedRun run : runs) {
            for (String side : SIDES) {
                List<Double> predicted = new ArrayList<>();
                List<Double> realised = new ArrayList<>();
                for (JsonLine row : run.table(PAIRS_TABLE)) {
                    double x = row.number("predicted_delta_" + side);
                    double y = row.number("realised_delta_" + side);
                    if (Double.isFinite(x) && Double.isFinite(y)) {
                        predicted.add(x);
                        realised.add(y);
                        low = Math.min(low, Math.min(x, y));
                        high = Math.max(high, Math.max(x, y));
                    }
                }
                if (!predicted.isEmpty()) {
                    String label = runs.size() > 1 ? run.name() + " · " + side : side;
                    chart.addSeries(StepCharts.uniqueName(chart, label), predicted, realised);
                }
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        ChartRenderer.layOutLegend(chart.getStyler(), List.copyOf(chart.getSeriesMap().keySet()));
        XYSeries diagonal = chart.addSeries("realised = predicted", new double[] {low, high}, new double[] {low, high});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        return Optional.of(ChartRenderer.render(SCATTER_TITLE, List.copyOf(chart.getSeriesMap().keySet()), chart));
    }

    /**
     * The distribution of per-pair gradient cosines at each run's latest probe step, as the fraction
     * of probe pairs per bin of [−1, 1], so runs with different numbers of pairs compare directly.
     */
    static Optional<Figure> cosineHistogram(List<RecordedRun> runs) {
        List<String> labels = new ArrayList<>();
        List<List<Double>> fractions = new ArrayList<>();
        List<Double> centres = List.of();
        for (RecordedRun run : runs) {
            List<Double> cosines = latestStep(run.table(PAIRS_TABLE)).stream().map(row -> row.number("cosine"))
                    .filter(Double::isFinite).toList();
            if (cosines.isEmpty()) {
                continue;
            }
            Histogram histogram = new Histogram(cosines, COSINE_BINS, -1, 1);
            centres = histogram.getxAxisData();
            fractions.add(histogram.getyAxisData().stream().map(count -> count / cosines.size()).toList());
            labels.add(runs.size() > 1 ? run.name() : "probe pairs");
        }
        if (labels.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = new CategoryChartBuilder().width(ChartRenderer.WIDTH).height(ChartRenderer.HEIGHT)
                .title(HISTOGRAM_TITLE).xAxisTitle("cos(g_w, g_l), bin centre").yAxisTitle("fraction of probe pairs")
                .build();
        ChartRenderer.applyStyle(chart.getStyler());
        ChartRenderer.layOutLegend(chart.getStyler(), labels);
        chart.getStyler().setXAxisDecimalPattern("0.##");
        for (int i = 0; i < labels.size(); i++) {
            chart.addSeries(StepCharts.uniqueName(chart, labels.get(i)), centres, fractions.get(i));
        }
        return Optional.of(ChartRenderer.render(HISTOGRAM_TITLE, List.copyOf(chart.getSeriesMap().keySet()), chart));
    }

    /** The rows of the largest {@code step} in the table, or all rows if none has a step. */
    static List<JsonLine> latestStep(List<JsonLine> rows) {
        double lastStep = rows.stream().mapToDouble(row -> row.number("step")).filter(Double::isFinite)
                .max().orElse(Double.NaN);
        return rows.stream().filter(row -> Double.isNaN(lastStep) || row.number("step") == lastStep).toList();
    }

    /**
     * Heat maps of chosen tokens × rejected tokens for up to {@link #TOKEN_MAPS_PER_RUN} pairs per
     * run, taken from the latest step the table records.
     */
    static List<Figure> tokenMaps(List<RecordedRun> runs) {
        List<Figure> figures = new ArrayList<>();
        for (RecordedRun run : runs) {
            latestStep(run.table(TOKENS_TABLE)).stream()
                    .limit(TOKEN_MAPS_PER_RUN)
                    .forEach(row -> figures.add(tokenMap(runs.size() > 1 ? run.name() : null, row)));
        }
        return figures;
    }

    /** The heat map of one table row, titled with {@code runLabel} unless it is null. */
    static Figure tokenMap(String runLabel, JsonLine row) {
        List<String> chosen = strings(row, "chosen_tokens");
        List<String> rejected = strings(row, "rejected_tokens");
        JsonNode matrix = row.value().get("cosine");
        if (matrix == null || !matrix.isArray() || matrix.size() != chosen.size()) {
            throw row.error("\"cosine\" must be a list of " + chosen.size() + " rows (one per chosen token)");
        }
        double[][] values = new double[chosen.size()][rejected.size()];
        for (int i = 0; i < chosen.size(); i++) {
            JsonNode cells = matrix.get(i);
            if (!cells.isArray() || cells.size() != rejected.size()) {
                throw row.error("\"cosine\" row " + (i + 1) + " must have " + rejected.size()
                        + " values (one per rejected token)");
            }
            for (int j = 0; j < rejected.size(); j++) {
                JsonNode cell = cells.get(j);
                if (!cell.isNumber() && !cell.isNull()) {
                    throw row.error("\"cosine\" row " + (i + 1) + " has a non-number: " + cell);
                }
                values[i][j] = cell.isNumber() ? cell.doubleValue() : Double.NaN;
            }
        }
        StringBuilder title = new StringBuilder("Token × token gradient cosine");
        if (runLabel != null) {
            title.append(": ").append(runLabel);
        }
        JsonNode pair = row.value().get("pair");
        title.append(pair != null && !pair.isNull() ? ", pair " + pair.asText() : ", line " + row.line());
        if (Double.isFinite(row.number("step"))) {
            title.append(", step ").append((long) row.number("step"));
        }
        return HeatMaps.draw(title.toString(), "chosen tokens", "rejected tokens", chosen, rejected, values, 1.0);
    }

    private static List<String> strings(JsonLine row, String field) {
        JsonNode node = row.value().get(field);
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw row.error("\"" + field + "\" must be a non-empty list of token strings");
        }
        List<String> tokens = new ArrayList<>();
        node.forEach(token -> tokens.add(token.asText()));
        return tokens;
    }
}
