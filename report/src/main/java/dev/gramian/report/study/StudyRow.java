package dev.gramian.report.study;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.runs.RecordedRun;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of a study's summary.
 *
 * @param values the row as written in {@code summary.json}
 * @param run the run it describes, or null if no run directory matched it
 * @param group the label of its group ({@code 1t}, {@code domains = 5}), empty when the study has no grouping
 * @param variant the value of the compared variable ({@code dpo}, {@code fish})
 */
public record StudyRow(ObjectNode values, RecordedRun run, String group, String variant) {
    public StudyRow {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(variant, "variant");
    }

    /** The run this row describes, if one matched. */
    public Optional<RecordedRun> recorded() {
        return Optional.ofNullable(run);
    }

    /** The numeric value of {@code column}, or NaN. */
    public double number(String column) {
        var node = values.get(column);
        return node != null && node.isNumber() ? node.doubleValue() : Double.NaN;
    }
}
