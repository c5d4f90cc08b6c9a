package dev.gramian.runs;

import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.AtomicFile;
import dev.gramian.api.probe.MetricSink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The probes' tables of a run directory: each row a probe records with
 * {@link MetricSink#row(String, Map)} becomes one line of {@code <table>.jsonl}, written whole and
 * flushed; non-finite numbers, also inside lists, are written as {@code null}. A fresh run truncates
 * a table the first time it writes to it; a run resumed from step S first drops (atomically) the
 * table's rows with a {@code step} after S, which it logs again, and then appends. Scalars are not
 * this sink's business (they go to {@code metrics.jsonl} with the step) and are rejected.
 * {@link #read} reads a run's tables back.
 */
public final class TableFiles implements MetricSink, AutoCloseable {
    /** The ending of a table's file name. */
    public static final String SUFFIX = ".jsonl";

    private final Path directory;
    /** The step the run resumes from, or -1 for a fresh run. */
    private final long resumedStep;
    private final Map<String, BufferedWriter> open = new HashMap<>();

    private TableFiles(Path directory, long resumedStep) {
        this.directory = directory;
        this.resumedStep = resumedStep;
    }

    /** The tables of a new run in {@code directory}: each replaces any file of its name. */
    public static TableFiles fresh(Path directory) {
        return new TableFiles(directory, -1);
    }

    /**
     * The tables of the run in {@code directory}, resumed from step {@code resumedStep}: each keeps
     * its rows up to that step and appends.
     */
    public static TableFiles resumed(Path directory, long resumedStep) {
        if (resumedStep < 0) {
            throw new IllegalArgumentException("a run resumes from step 0 or later, not " + resumedStep);
        }
        return new TableFiles(directory, resumedStep);
    }

    @Override
    public void scalar(String name, double value) {
        throw new UnsupportedOperationException("scalar " + name + " belongs in metrics.jsonl, not a table");
    }

    @Override
    public void row(String table, Map<String, Object> row) {
        Path file = directory.resolve(table + SUFFIX);
        try {
            BufferedWriter out = open.get(table);
            if (out == null) {
                boolean resuming = resumedStep >= 0;
                if (resuming) {
                    RunJson.dropRowsAfter(file, resumedStep, anyRow -> true);
                }
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, resuming ? StandardOpenOption.APPEND
                                : StandardOpenOption.TRUNCATE_EXISTING);
                open.put(table, out);
            }
            out.write(line(row));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw GramianException.input(file.toString(), 0, "cannot append a row (" + e.getMessage() + ")");
        }
    }

    /** The JSON text of one row, without the line break. */
    static String line(Map<String, Object> row) {
        return RunJson.line(row);
    }

    /**
     * Writes {@code <table>.csv} in {@code dir}, atomically: a header of {@code columns}, then one line
     * per row with those columns' values; a number that is not finite is an empty cell. Cells are
     * written as they are, so values must not hold commas or line breaks.
     *
     * @throws GramianException (input) naming the file when it cannot be written
     */
    public static void writeCsv(Path dir, String table, List<String> columns, List<Map<String, Object>> rows) {
        StringBuilder text = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, Object> row : rows) {
            text.append(columns.stream().map(column -> csvCell(row.get(column))).collect(Collectors.joining(",")))
                    .append('\n');
        }
        AtomicFile.write(dir.resolve(table + ".csv"),
                out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String csvCell(Object value) {
        if (value instanceof Double number) {
            return Double.isFinite(number) ? Double.toString(number) : "";
        }
        return String.valueOf(value);
    }

    /**
     * The tables of the run in {@code dir} by name ({@code entanglement-pairs} for
     * {@code entanglement-pairs.jsonl}), sorted by name: every {@code *.jsonl} file but
     * {@code metrics.jsonl}.
     *
     * @throws GramianException (input) naming the file and line of a malformed row
     */
    public static Map<String, List<JsonLine>> read(Path dir) {
        Map<String, List<JsonLine>> tables = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(SUFFIX) && !fileName.equals(RunDirectory.METRICS) && Files.isRegularFile(file)) {
                    tables.put(fileName.substring(0, fileName.length() - SUFFIX.length()), RunJson.readLines(file));
                }
            }
        } catch (IOException e) {
            throw new GramianException(GramianException.Category.INPUT, dir + ": cannot read: " + e.getMessage(), e);
        }
        return tables;
    }

    @Override
    public void close() {
        for (Map.Entry<String, BufferedWriter> table : open.entrySet()) {
            try {
                table.getValue().close();
            } catch (IOException e) {
                throw GramianException.input(directory.resolve(table.getKey() + SUFFIX).toString(), 0,
                        "cannot close (" + e.getMessage() + ")");
            }
        }
        open.clear();
    }
}
