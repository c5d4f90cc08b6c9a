package dev.gramian.runs.align;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.checkpoint.OptimizerAndRuleState;
import dev.gramian.api.checkpoint.Resumable;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.objectives.margin.align.TrainingListener;
import dev.gramian.runs.MetricsLog;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.progress.Progress;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records one training phase into its run directory: every logged row to {@code metrics.jsonl}
 * with the phase's name, checkpoints when the trainer asks (model shape, parameters, optimiser
 * state with the update rule's own state as {@link OptimizerAndRuleState} stores it, step, seed as
 * RNG state, and the phase's metadata), and progress. Remembers the first and
 * last held-out rows and the last training row for the summary.
 */
public final class PhaseRecorder implements TrainingListener, AutoCloseable {
    private final RunDirectory run;
    private final String phase;
    private final LanguageModel model;
    private final Optimizer optimizer;
    private final Resumable rule;
    private final long seed;
    private final Map<String, String> metadata;
    private final boolean checkpoints;
    private final MetricsLog log;
    private final Progress progress;
    private final Map<String, Double> firstEval = new LinkedHashMap<>();
    private final Map<String, Double> lastEval = new LinkedHashMap<>();
    private final Map<String, Double> lastTrain = new LinkedHashMap<>();

    PhaseRecorder(RunDirectory run, String phase, long startStep, LanguageModel model, Optimizer optimizer,
                  Resumable rule, long seed, Map<String, String> metadata, boolean checkpoints, Progress progress) {
        this.run = run;
        this.phase = phase;
        this.model = model;
        this.optimizer = optimizer;
        this.rule = rule;
        this.seed = seed;
        this.metadata = Map.copyOf(metadata);
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.log = run.openMetrics(phase, startStep);
    }

    @Override
    public void onMetrics(long step, Map<String, Double> metrics) {
        log.append(step, phase, metrics);
        progress.logged(step, metrics);
        Map<String, Double> eval = new LinkedHashMap<>();
        metrics.forEach((key, value) -> (key.startsWith("eval/") ? eval : lastTrain).put(key, value));
        if (!eval.isEmpty()) {
            if (firstEval.isEmpty()) {
                firstEval.putAll(eval);
            }
            lastEval.putAll(eval);
        }
    }

    @Override
    public void onCheckpoint(long step) {
        if (checkpoints) {
            Map<String, String> meta = new LinkedHashMap<>(metadata);
            meta.put("phase", phase);
            run.saveCheckpoint(new OptimizerAndRuleState(optimizer.state(), rule.state()).checkpoint(
                    ModelCheckpoints.modelConfig(model.config()), step, seed, model.parameters(), meta));
        }
    }

    @Override
    public void onProgress(long done, long total) {
        progress.update(done);
    }

    /** The held-out metrics of the first evaluation this process logged (empty if none). */
    public Map<String, Double> firstEval() {
        return firstEval;
    }

    /** The held-out metrics of the last evaluation. */
    public Map<String, Double> lastEval() {
        return lastEval;
    }

    /** The last training metrics. */
    public Map<String, Double> lastTrain() {
        return lastTrain;
    }

    /**
     * The phase's summary: its name, steps, last training metrics and first and last held-out
     * metrics (non-finite values as null).
     */
    public ObjectNode summary(String phase, long steps) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("phase", phase);
        summary.put("steps", steps);
        RunJson.putNumbers(summary.putObject("train"), lastTrain);
        RunJson.putNumbers(summary.putObject("eval_first"), firstEval);
        RunJson.putNumbers(summary.putObject("eval_last"), lastEval);
        return summary;
    }

    @Override
    public void close() {
        progress.close();
        log.close();
    }
}
