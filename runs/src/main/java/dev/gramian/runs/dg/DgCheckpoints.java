package dev.gramian.runs.dg;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.OptimizerAndRuleState;
import dev.gramian.api.model.ClassifierConfig;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet.Parameter;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.objectives.fish.train.DgEvaluation;
import dev.gramian.objectives.fish.train.DgProgress;
import dev.gramian.runs.RunDirectory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The checkpoints of a {@code gramian dg} run. {@code checkpoints/latest.ckpt} (and a
 * {@code step-NNNNNNNN.ckpt} per evaluation) is self-contained: its parameters are the model's
 * followed by the selected model's under the prefix {@value #SELECTED_PREFIX}, its optimiser state
 * the outer optimiser's, its random state the rules' random source, and its metadata the rest of the
 * trainer's {@link DgProgress}: {@code stream_positions} (comma-separated), {@code evaluations} (a
 * JSON array, doubles as exact decimal text) and {@code selected}. The rule's own state (e.g. Fish's
 * persistent inner optimiser) rides with the optimiser's as {@link OptimizerAndRuleState} stores it.
 * {@code checkpoints/selected.ckpt} holds the selected model alone, for use outside the run.
 */
final class DgCheckpoints {
    /** The selected model's checkpoint, beside latest.ckpt. */
    static final String SELECTED = "selected.ckpt";
    /** The prefix of the selected model's parameters inside a step checkpoint. */
    static final String SELECTED_PREFIX = "selected:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory run;
    private final ClassifierConfig model;
    private final Map<String, String> metadata;

    /**
     * @param metadata what every checkpoint carries besides the progress (command, plugin ids)
     */
    DgCheckpoints(RunDirectory run, ClassifierConfig model, Map<String, String> metadata) {
        this.run = run;
        this.model = model;
        this.metadata = Map.copyOf(metadata);
    }

    /** Saves the run's state after an evaluation, and the selected model's parameters. */
    void save(DgProgress progress, ParameterSet parameters, Optimizer optimizer, ParameterSet selected,
              OptimizerState ruleState) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("stream_positions", Arrays.stream(progress.streamPositions()).mapToObj(Long::toString)
                .collect(Collectors.joining(",")));
        meta.put("evaluations", evaluations(progress.evaluations()).toString());
        meta.put("selected", Integer.toString(progress.selected()));
        DgEvaluation chosen = progress.evaluations().get(progress.selected());
        run.saveCheckpoint(new OptimizerAndRuleState(optimizer.state(), ruleState).checkpoint(modelConfig(model),
                progress.completedSteps(), progress.randomState(), withSelected(parameters, selected), meta));
        run.saveCheckpoint(SELECTED, new Checkpoint(
                modelConfig(model), chosen.step(), progress.randomState(), selected, OptimizerState.empty(),
                Map.of("selected_step", Long.toString(chosen.step()))));
    }

    /** What a resumed run continues from. */
    record Restored(DgProgress progress, ParameterSet parameters, OptimizerAndRuleState state,
                    ParameterSet selected) {
    }

    /**
     * Reads the latest and the selected checkpoint of the run.
     *
     * @throws GramianException (input) naming the checkpoint when it does not belong to this model or lacks a key
     */
    Restored restore() {
        Path file = run.latestCheckpointFile();
        Checkpoint latest = run.latestCheckpoint();
        if (!latest.modelConfig().equals(modelConfig(model))) {
            throw GramianException.input(file.toString(), 0, "holds model " + latest.modelConfig()
                    + ", this run trains " + modelConfig(model));
        }
        Map<String, String> meta = latest.metadata();
        long[] positions = Arrays.stream(required(meta, "stream_positions", file).split(","))
                .mapToLong(Long::parseLong).toArray();
        List<DgEvaluation> evaluations = evaluations(required(meta, "evaluations", file), file);
        int chosen = Integer.parseInt(required(meta, "selected", file));
        List<Parameter> current = new ArrayList<>();
        List<Parameter> selected = new ArrayList<>();
        for (Parameter p : latest.parameters().parameters()) {
            if (p.name().startsWith(SELECTED_PREFIX)) {
                selected.add(new Parameter(p.name().substring(SELECTED_PREFIX.length()), p.shape(), p.values()));
            } else {
                current.add(p);
            }
        }
        return new Restored(new DgProgress(latest.step(), positions, latest.rngState(), evaluations, chosen),
                new ParameterSet(current), OptimizerAndRuleState.of(latest, file), new ParameterSet(selected));
    }

    /** The model's parameters, then the selected model's renamed with {@link #SELECTED_PREFIX}. */
    private static ParameterSet withSelected(ParameterSet parameters, ParameterSet selected) {
        List<Parameter> all = new ArrayList<>(parameters.parameters());
        for (Parameter p : selected.parameters()) {
            all.add(new Parameter(SELECTED_PREFIX + p.name(), p.shape(), p.values()));
        }
        return new ParameterSet(all);
    }

    /** The model's shape as checkpoint text: architecture, input shape, classes, hidden sizes. */
    static Map<String, String> modelConfig(ClassifierConfig model) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("architecture", model.architecture());
        text.put("input_shape", Arrays.stream(model.inputShape()).mapToObj(Integer::toString)
                .collect(Collectors.joining("x")));
        text.put("classes", Integer.toString(model.classes()));
        text.put("hidden", model.hidden().stream().map(Object::toString).collect(Collectors.joining(",")));
        return text;
    }

    private static String required(Map<String, String> meta, String key, Path file) {
        String value = meta.get(key);
        if (value == null) {
            throw GramianException.input(file.toString(), 0, "checkpoint has no metadata key '" + key
                    + "'; it must come from gramian dg");
        }
        return value;
    }

    private static ArrayNode evaluations(List<DgEvaluation> evaluations) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (DgEvaluation e : evaluations) {
            ObjectNode row = array.addObject();
            row.put("step", e.step());
            row.put("loss", Double.toString(e.trainLoss()));
            ObjectNode domains = row.putObject("domains");
            e.domainAccuracy().forEach((name, accuracy) -> domains.put(name, Double.toString(accuracy)));
            row.put("val", Double.toString(e.validationAccuracy()));
            row.put("test", Double.toString(e.testAccuracy()));
            row.put("gip", Double.toString(e.gip()));
            row.put("cosine", Double.toString(e.gipCosine()));
        }
        return array;
    }

    private static List<DgEvaluation> evaluations(String text, Path file) {
        try {
            List<DgEvaluation> evaluations = new ArrayList<>();
            for (JsonNode row : JSON.readTree(text)) {
                Map<String, Double> domains = new LinkedHashMap<>();
                row.get("domains").fields().forEachRemaining(d -> domains.put(d.getKey(),
                        Double.parseDouble(d.getValue().asText())));
                evaluations.add(new DgEvaluation(row.get("step").asLong(), number(row, "loss"), domains,
                        number(row, "val"), number(row, "test"), number(row, "gip"), number(row, "cosine")));
            }
            return evaluations;
        } catch (JacksonException | RuntimeException e) {
            throw GramianException.input(file.toString(), 0, "checkpoint metadata 'evaluations' is malformed ("
                    + e.getMessage() + ")");
        }
    }

    private static double number(JsonNode row, String key) {
        return Double.parseDouble(row.get(key).asText());
    }
}
