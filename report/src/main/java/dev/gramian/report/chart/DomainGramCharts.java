package dev.gramian.report.chart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.api.GramianException;
import dev.gramian.runs.MetricRow;
import dev.gramian.runs.RecordedRun;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S×S Gram matrix of the domains' gradients at the end of a DG run, as a heat map: taken from
 * {@code summary.json}'s {@code domain_gram} when the summary is an object that has it, otherwise
 * from the last metrics row that logged {@code gip/gram/<i>/<j>} entries (a missing entry is read
 * from its symmetric partner).
 */
final class DomainGramCharts {
    static final String SUMMARY_KEY = "domain_gram";
    private static final Pattern ENTRY = Pattern.compile("gip/gram/(\\d+)/(\\d+)");

    private DomainGramCharts() {}

    /** One heat map per run that recorded a domain Gram matrix. */
    static List<Figure> draw(List<RecordedRun> runs) {
        List<Figure> figures = new ArrayList<>();
        for (RecordedRun run : runs) {
            Optional<double[][]> gram = fromSummary(run).or(() -> fromMetrics(run));
            gram.ifPresent(matrix -> {
                List<String> labels = new ArrayList<>();
                for (int i = 0; i < matrix.length; i++) {
                    labels.add("domain " + i);
                }
                String title = "Domain gradient Gram matrix at the end" + (runs.size() > 1 ? ": " + run.name() : "");
                figures.add(HeatMaps.draw(title, "domain", "domain", labels, labels, matrix,
                        HeatMaps.symmetricLimit(matrix)));
            });
        }
        return figures;
    }

    private static Optional<double[][]> fromSummary(RecordedRun run) {
        JsonNode gram = run.summary().path(SUMMARY_KEY);
        if (gram.isMissingNode()) {
            return Optional.empty();
        }
        String where = run.path().resolve("summary.json").toString();
        if (!gram.isArray() || gram.isEmpty()) {
            throw GramianException.input(where, 0, "\"" + SUMMARY_KEY + "\" must be a square list of lists of numbers");
        }
        int size = gram.size();
        double[][] matrix = new double[size][size];
        for (int i = 0; i < size; i++) {
            JsonNode row = gram.get(i);
            if (!row.isArray() || row.size() != size) {
                throw GramianException.input(where, 0,
                        "\"" + SUMMARY_KEY + "\" row " + (i + 1) + " must have " + size + " numbers (the matrix is square)");
            }
            for (int j = 0; j < size; j++) {
                matrix[i][j] = row.get(j).isNumber() ? row.get(j).doubleValue() : Double.NaN;
            }
        }
        return Optional.of(matrix);
    }

    private static Optional<double[][]> fromMetrics(RecordedRun run) {
        List<MetricRow> rows = run.metrics();
        for (int r = rows.size() - 1; r >= 0; r--) {
            Map<Long, Double> entries = new TreeMap<>();
            int size = 0;
            for (Map.Entry<String, Double> metric : rows.get(r).values().entrySet()) {
                Matcher matcher = ENTRY.matcher(metric.getKey());
                if (matcher.matches()) {
                    int i = Integer.parseInt(matcher.group(1));
                    int j = Integer.parseInt(matcher.group(2));
                    size = Math.max(size, Math.max(i, j) + 1);
                    entries.put(key(i, j), metric.getValue());
                }
            }
            if (!entries.isEmpty()) {
                double[][] matrix = new double[size][size];
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < size; j++) {
                        Double value = entries.getOrDefault(key(i, j), entries.get(key(j, i)));
                        matrix[i][j] = value == null ? Double.NaN : value;
                    }
                }
                return Optional.of(matrix);
            }
        }
        return Optional.empty();
    }

    private static long key(int i, int j) {
        return ((long) i << 32) | j;
    }
}
