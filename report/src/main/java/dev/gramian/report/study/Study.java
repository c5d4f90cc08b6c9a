package dev.gramian.report.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.runs.RecordedRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Several runs read as one comparison. The summary's leading text and integer columns identify a row
 * ({@code task, objective}; {@code dataset, domains, rule}); of those that vary, the compared variable
 * is the first with a known name ({@link #COMPARED_NAMES}), otherwise the last, and the others form the
 * grouping. Every later column with numbers is a result. Rows are tied to runs by a {@code run} column
 * naming the directory, else by the directory name holding every identifying value as a
 * dash-separated part ({@code short-suffix-dpo}), else, when both have the same count, in order.
 *
 * @param name the study's label (its directory name, or the run names joined)
 * @param config the study's own {@code config.json} (a demo's), or a missing node
 * @param rows the summary rows, in file order
 * @param runs every run on the page, in the order given
 * @param compared the compared variable's column ({@code run} when the runs are plain runs)
 * @param grouping the grouping columns, possibly none
 * @param results the result columns: numeric, not identifying
 */
public record Study(String name, JsonNode config, List<StudyRow> rows, List<RecordedRun> runs, String compared,
                    List<String> grouping, List<String> results) {
    /** The column that names a row's run directory. */
    public static final String RUN_COLUMN = "run";
    /** Column names read as the compared variable before any other. */
    static final List<String> COMPARED_NAMES = List.of("objective", "rule", "method", "variant", "loss", "optimizer");

    public Study {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        rows = List.copyOf(rows);
        runs = List.copyOf(runs);
        Objects.requireNonNull(compared, "compared");
        grouping = List.copyOf(grouping);
        results = List.copyOf(results);
    }

    /**
     * The study of {@code runs} described by {@code summary} (a list of row objects); without such a
     * summary, one row per run with the run's name and its summary's numbers.
     */
    public static Study of(String name, JsonNode config, JsonNode summary, List<RecordedRun> runs) {
        List<ObjectNode> values = new ArrayList<>();
        boolean ownRows = summary.isArray() && !summary.isEmpty();
        for (JsonNode row : summary) {
            ownRows &= row.isObject();
        }
        if (ownRows) {
            summary.forEach(row -> values.add((ObjectNode) row));
        } else {
            runs.forEach(run -> values.add(plainRow(run)));
        }
        List<String> columns = columns(values);
        List<String> identity = new ArrayList<>();
        for (String column : columns) {
            if (column.equals(RUN_COLUMN)) {
                continue;
            }
            if (!values.stream().allMatch(row -> identifying(row.get(column)))) {
                break;
            }
            identity.add(column);
        }
        List<String> varying = identity.stream().filter(column -> distinct(values, column) > 1).toList();
        String compared = varying.stream().filter(COMPARED_NAMES::contains).findFirst()
                .orElse(varying.isEmpty() ? RUN_COLUMN : varying.get(varying.size() - 1));
        List<String> grouping = varying.stream().filter(column -> !column.equals(compared)).toList();
        List<String> results = columns.stream().filter(column -> !identity.contains(column) && !column.equals(RUN_COLUMN))
                .filter(column -> values.stream().anyMatch(row -> row.path(column).isNumber())).toList();

        List<RecordedRun> matched = match(values, identity, runs);
        List<StudyRow> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ObjectNode row = values.get(i);
            RecordedRun run = matched.get(i);
            String group = String.join(" · ", grouping.stream().map(column -> label(column, row.get(column))).toList());
            String variant = compared.equals(RUN_COLUMN) && !row.hasNonNull(RUN_COLUMN)
                    ? (run == null ? "row " + (i + 1) : run.name()) : text(row.get(compared));
            rows.add(new StudyRow(row, run, group, variant));
        }
        return new Study(name, config, rows, runs, compared, grouping, results);
    }

    /** The groups in order of first appearance (one empty label when the study has no grouping). */
    public List<String> groups() {
        Set<String> groups = new LinkedHashSet<>();
        rows.forEach(row -> groups.add(row.group()));
        return List.copyOf(groups);
    }

    /** The compared variable's values in order of first appearance; colours follow this order. */
    public List<String> variants() {
        Set<String> variants = new LinkedHashSet<>();
        rows.forEach(row -> variants.add(row.variant()));
        return List.copyOf(variants);
    }

    /** The rows tied to a run, in summary order. */
    public List<StudyRow> runRows() {
        return rows.stream().filter(row -> row.run() != null).toList();
    }

    /** The rows of one group tied to a run. */
    public List<StudyRow> runRows(String group) {
        return runRows().stream().filter(row -> row.group().equals(group)).toList();
    }

    /** The grouping in words ("task", "dataset and domains"), empty when there is none. */
    public String groupingName() {
        return String.join(" and ", grouping);
    }

    /** Whether the one grouping column holds numbers (a domain count N), so results can be drawn against it. */
    public boolean numericGrouping() {
        return grouping.size() == 1 && rows.stream().allMatch(row -> row.values().path(grouping.get(0)).isNumber());
    }

    private static ObjectNode plainRow(RecordedRun run) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put(RUN_COLUMN, run.name());
        if (run.summary().isObject()) {
            run.summary().fields().forEachRemaining(field -> {
                if (field.getValue().isNumber()) {
                    row.set(field.getKey(), field.getValue());
                }
            });
        }
        return row;
    }

    private static List<String> columns(List<ObjectNode> rows) {
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(row -> row.fieldNames().forEachRemaining(columns::add));
        return List.copyOf(columns);
    }

    private static boolean identifying(JsonNode value) {
        return value != null && (value.isTextual() || value.isIntegralNumber() || value.isBoolean());
    }

    private static long distinct(List<ObjectNode> rows, String column) {
        return rows.stream().map(row -> text(row.get(column))).distinct().count();
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "—" : value.asText();
    }

    /** A group label: a text value alone ({@code 1t}), a number with its column ({@code domains = 5}). */
    private static String label(String column, JsonNode value) {
        return value != null && value.isNumber() ? column + " = " + value.asText() : text(value);
    }

    /** The run of each row (null where none matched). */
    private static List<RecordedRun> match(List<ObjectNode> rows, List<String> identity, List<RecordedRun> runs) {
        Map<String, RecordedRun> byName = new LinkedHashMap<>();
        runs.forEach(run -> {
            byName.putIfAbsent(run.name(), run);
            byName.putIfAbsent(run.path().getFileName() == null ? run.name() : run.path().getFileName().toString(), run);
        });
        List<RecordedRun> matched = new ArrayList<>();
        for (ObjectNode row : rows) {
            RecordedRun run = null;
            if (row.path(RUN_COLUMN).isTextual()) {
                run = byName.get(row.get(RUN_COLUMN).asText());
            } else if (!identity.isEmpty()) {
                List<RecordedRun> candidates = runs.stream().filter(candidate -> identity.stream()
                        .allMatch(column -> namePart(candidate.name(), text(row.get(column))))).toList();
                run = candidates.size() == 1 ? candidates.get(0) : null;
            }
            matched.add(run);
        }
        if (matched.stream().allMatch(Objects::isNull) && rows.size() == runs.size()) {
            return new ArrayList<>(runs);
        }
        return matched;
    }

    /** Whether {@code value} is a dash-separated part of {@code name} ({@code short-suffix} in {@code short-suffix-dpo}). */
    private static boolean namePart(String name, String value) {
        return Pattern.compile("(^|[-_/])" + Pattern.quote(value) + "($|[-_])").matcher(name).find();
    }
}
