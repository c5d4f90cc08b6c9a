package dev.gramian.runs.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.nio.file.Path;
import java.util.List;

/**
 * What a demo of several runs found: the rows of its {@code summary.json} (one per run, non-finite
 * values as null) and the runs' directories in the same order, for the table a command prints and
 * the report it draws.
 *
 * @param summary the summary rows (a copy; changing it changes nothing written)
 * @param runs    the runs' directories
 */
public record StudyOutcome(ArrayNode summary, List<Path> runs) {
    public StudyOutcome {
        summary = summary.deepCopy();
        runs = List.copyOf(runs);
    }

    @Override
    public ArrayNode summary() {
        return summary.deepCopy();
    }
}
