package dev.gramian.spark.probe;

import dev.gramian.runs.Provenance;
import dev.gramian.runs.align.AuditModel;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The per-executor model cache of {@code probe --master}: an executor loads the audited model once
 * and keeps it for every later task of the audit, as DJL's Spark extension keeps its predictors. A
 * model measures one task's pairs at a time (measuring the reference swaps its parameters), so the
 * cache holds a pool per model, as many as the executor runs tasks at once: a task takes an idle one
 * or loads another, and gives it back when done. Lives as long as the executor's JVM; the driver of
 * a local master, whose JVM is the executor, empties it when the audit ends.
 */
final class ExecutorModels {
    private static final Map<Key, Deque<AuditModel>> IDLE = new ConcurrentHashMap<>();

    private record Key(AuditSource source, int threads) {
    }

    private ExecutorModels() {
    }

    /** Measures {@code chunk} with a model of {@code source}, TensorFlow capped at {@code threads}. */
    static MeasuredChunk measure(AuditSource source, int threads, PairChunk chunk, boolean usesReference) {
        Key key = new Key(source, threads);
        Deque<AuditModel> idle = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        AuditModel model = idle.pollFirst();
        if (model == null) {
            model = AuditModel.open(source.spec(), source.catalog(), Provenance.threads(threads));
        }
        try {
            return MeasuredChunk.of(chunk.first(), model.measure(chunk.pairs(), usesReference));
        } finally {
            idle.addFirst(model);
        }
    }

    /** Closes every model this JVM holds. */
    static void closeAll() {
        List<AuditModel> models = new ArrayList<>();
        IDLE.values().forEach(idle -> {
            for (AuditModel model = idle.pollFirst(); model != null; model = idle.pollFirst()) {
                models.add(model);
            }
        });
        models.forEach(AuditModel::close);
    }
}
