package dev.gramian.runs.dg;

import dev.gramian.api.GramianException;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.runs.MetricsLog;
import dev.gramian.runs.progress.Progress;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gathers what the trainer and the probes report for one step into one {@code metrics.jsonl} row.
 * The trainer asks for a sink per step (probes first, then the evaluation); the row of a step is
 * written when a later step asks, or at {@link #flush()}, which a checkpoint calls first so that the
 * log never lags behind the checkpoint it resumes from.
 */
final class StepMetrics {
    private final MetricsLog log;
    private final String phase;
    private final Progress progress;
    private final Map<String, Double> pending = new LinkedHashMap<>();
    private long pendingStep = -1;

    StepMetrics(MetricsLog log, String phase, Progress progress) {
        this.log = log;
        this.phase = phase;
        this.progress = progress;
    }

    /** The sink for the metrics of {@code step}; writes the previous step's row first. */
    MetricSink at(long step) {
        if (step != pendingStep) {
            flush();
            pendingStep = step;
        }
        progress.update(step);
        return new MetricSink() {
            @Override
            public void scalar(String name, double value) {
                pending.put(name, value);
            }

            @Override
            public void row(String table, Map<String, Object> row) {
                throw GramianException.usage("a probe wrote to table '" + table + "', but gramian dg records "
                        + "scalar metrics only; use a probe without tables");
            }
        };
    }

    /** Writes the pending row, if any. */
    void flush() {
        if (!pending.isEmpty()) {
            log.append(pendingStep, phase, pending);
            progress.logged(pendingStep, pending);
            pending.clear();
        }
    }
}
