package dev.gramian.report.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a run directory into a {@link RunDirectory}. A directory is a run if it has
 * {@code metrics.jsonl} or {@code summary.json}; {@code config.json} and the tables are optional.
 * Every other {@code *.jsonl} file in the directory is read as a probe table.
 */
public final class RunReader {
    private static final String CONFIG = "config.json";
    private static final String METRICS = "metrics.jsonl";
    private static final String SUMMARY = "summary.json";
    private static final String JSON_LINES = ".jsonl";

    /** Strict about trailing tokens: two objects on one line are a malformed line, not the first one. */
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** Reads the run in {@code dir}, labelled with the directory's name. */
    public RunDirectory read(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw GramianException.input(dir.toString(), 0, "not a directory");
        }
        Path metricsFile = absolute.resolve(METRICS);
        Path summaryFile = absolute.resolve(SUMMARY);
        if (!Files.isRegularFile(metricsFile) && !Files.isRegularFile(summaryFile)) {
            throw GramianException.input(dir.toString(), 0,
                    "not a run directory: it has neither " + METRICS + " nor " + SUMMARY);
        }
        Path fileName = absolute.getFileName();
        String name = fileName == null ? absolute.toString() : fileName.toString();
        List<MetricRow> metrics = Files.isRegularFile(metricsFile)
                ? readLines(metricsFile).stream().map(RunReader::metricRow).toList()
                : List.of();
        return new RunDirectory(name, absolute, readJson(absolute.resolve(CONFIG)), metrics,
                readJson(summaryFile), readTables(absolute));
    }

    private Map<String, List<JsonLine>> readTables(Path dir) {
        Map<String, List<JsonLine>> tables = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(JSON_LINES) && !fileName.equals(METRICS) && Files.isRegularFile(file)) {
                    String table = fileName.substring(0, fileName.length() - JSON_LINES.length());
                    tables.put(table, readLines(file));
                }
            }
        } catch (IOException e) {
            throw unreadable(dir, e);
        }
        return tables;
    }

    /** Parses a whole JSON file, or returns a missing node if the file does not exist. */
    private JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = mapper.readTree(file.toFile());
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            long line = location == null ? 0 : Math.max(0, location.getLineNr());
            throw GramianException.input(file.toString(), line, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Reads a JSON Lines file: one object per non-blank line. */
    private List<JsonLine> readLines(Path file) {
        List<JsonLine> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long number = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = mapper.readTree(text);
                } catch (JsonProcessingException e) {
                    throw GramianException.input(file.toString(), number, "malformed JSON: " + e.getOriginalMessage());
                }
                if (!(node instanceof ObjectNode object)) {
                    throw GramianException.input(file.toString(), number,
                            "expected one JSON object per line, found " + node.getNodeType().name().toLowerCase());
                }
                lines.add(new JsonLine(file, number, object));
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return lines;
    }

    private static MetricRow metricRow(JsonLine line) {
        JsonNode step = line.value().get("step");
        if (step == null || !step.canConvertToLong() || !step.isIntegralNumber()) {
            throw line.error("a metrics row needs an integer \"step\"");
        }
        JsonNode phase = line.value().get("phase");
        Map<String, Double> values = new LinkedHashMap<>();
        line.value().fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            String metric = field.getKey();
            if (metric.equals("step") || metric.equals("phase")) {
                return;
            }
            if (value.isNumber()) {
                values.put(metric, value.doubleValue());
            } else if (value.isNull()) {
                values.put(metric, Double.NaN);
            }
        });
        return new MetricRow(step.longValue(), phase != null && phase.isTextual() ? phase.textValue() : "", values);
    }

    private static GramianException unreadable(Path file, IOException e) {
        return new GramianException(GramianException.Category.INPUT,
                file + ": cannot read: " + e.getMessage(), e);
    }
}
