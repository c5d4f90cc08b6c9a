package dev.gramian.runs;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a report needs from one run directory.
 *
 * @param name the label used for this run in charts and headings (normally the directory's name)
 * @param path the directory
 * @param config the parsed {@code config.json}, or a missing node if the run has none
 * @param metrics the rows of {@code metrics.jsonl} in file order (empty if the run has none)
 * @param summary the parsed {@code summary.json}, or a missing node if the run has none
 * @param tables the probes' per-item tables by name ({@code entanglement-pairs} for
 *     {@code entanglement-pairs.jsonl}), sorted by name
 */
public record RecordedRun(
        String name,
        Path path,
        JsonNode config,
        List<MetricRow> metrics,
        JsonNode summary,
        Map<String, List<JsonLine>> tables) {
    public RecordedRun {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(summary, "summary");
        metrics = List.copyOf(metrics);
        tables = Map.copyOf(tables);
    }

    /** The rows of table {@code name}, or an empty list if the run did not record it. */
    public List<JsonLine> table(String name) {
        return tables.getOrDefault(name, List.of());
    }

    /** The distinct phases of the metric rows, in order of first appearance. */
    public Set<String> phases() {
        Set<String> phases = new LinkedHashSet<>();
        metrics.forEach(row -> phases.add(row.phase()));
        return phases;
    }

    /** This run with another label, used when two directories share a name. */
    public RecordedRun named(String newName) {
        return new RecordedRun(newName, path, config, metrics, summary, tables);
    }
}
