package dev.gramian.objectives.fish.train;

import dev.gramian.api.probe.MetricSink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps every scalar by step and name, and every table row, for assertions. */
final class RecordingSink {
    final Map<Long, Map<String, Double>> scalars = new TreeMap<>();
    final List<Map<String, Object>> rows = new ArrayList<>();

    MetricSink at(long step) {
        return new MetricSink() {
            @Override
            public void scalar(String name, double value) {
                scalars.computeIfAbsent(step, s -> new LinkedHashMap<>()).put(name, value);
            }

            @Override
            public void row(String table, Map<String, Object> row) {
                rows.add(row);
            }
        };
    }
}
