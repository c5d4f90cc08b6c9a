package dev.gramian.runs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of {@code metrics.jsonl}: the step, the phase it was logged in and its numeric metrics.
 * Non-finite values, which runs write as {@code null}, are kept as NaN so a chart can leave a gap.
 *
 * @param step the training step
 * @param phase the stage of the run ({@code sft}, {@code align}, …), or the empty string if the row
 *     names none
 * @param values metric name to value, in file order
 */
public record MetricRow(long step, String phase, Map<String, Double> values) {
    public MetricRow {
        Objects.requireNonNull(phase, "phase");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The metric's value in this row, or NaN if the row does not have it or it was not finite. */
    public double value(String metric) {
        Double value = values.get(metric);
        return value == null ? Double.NaN : value;
    }
}
