package dev.gramian.api.probe;

import java.util.Map;

/** Where probes and trainers write what they measure. Names are slash-separated, e.g. {@code entanglement/cosine_mean}. */
public interface MetricSink {

    /** Records a scalar metric for the current step. */
    void scalar(String name, double value);

    /**
     * Records one row of a per-item table (e.g. one row per pair) in the named table, written to a
     * file of its own beside {@code metrics.jsonl}.
     */
    void row(String table, Map<String, Object> row);
}
