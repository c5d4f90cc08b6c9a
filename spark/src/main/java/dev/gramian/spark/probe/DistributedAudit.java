package dev.gramian.spark.probe;

import dev.gramian.api.GramianException;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.runs.align.AuditModel;
import dev.gramian.runs.align.AuditSpec;
import dev.gramian.runs.align.PairMeasurer;
import dev.gramian.spark.cluster.SparkConnection;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The model work of {@code probe --master}, split across Spark executors: the pairs, read and
 * tokenised once by the driver, go out in runs of consecutive pairs (each a whole number of Gram and
 * scoring batches, so every batch is the one a single-machine audit forms), one task each; a task
 * measures its pairs with its executor's cached model and returns thirteen numbers a pair; the
 * driver joins them in order. The weights and the per-pair law are then computed over all pairs, as
 * on one machine, so the rows equal a single-machine {@code gramian probe}'s.
 */
public final class DistributedAudit implements PairMeasurer {
    private final SparkConnection spark;
    private final AuditSource source;
    private final int partitions;
    private long pairs;
    private double seconds;
    private int tasks;

    /**
     * @param spark      where to run
     * @param arguments  the {@code gramian probe} arguments (each executor parses them into the same audit)
     * @param pluginPath plugin directories or jars, absolute
     * @param partitions how many tasks to split the pairs into at most (more than the cores balances the load)
     */
    public DistributedAudit(SparkConnection spark, List<String> arguments, List<String> pluginPath, int partitions) {
        if (partitions < 1) {
            throw GramianException.usage("--partitions must be at least 1, got " + partitions);
        }
        this.spark = spark;
        this.source = new AuditSource(arguments, pluginPath);
        this.partitions = partitions;
    }

    @Override
    public AuditModel.Measured measure(AuditSpec spec, List<EncodedPair> pairs, boolean usesReference) {
        if (pairs.isEmpty()) {
            return AuditModel.Measured.concat(List.of());
        }
        List<PairChunk> chunks = chunks(pairs, unit(spec.batchSize()), partitions);
        long start = System.nanoTime();
        List<MeasuredChunk> measured;
        AuditSource auditSource = source;
        try {
            measured = new ArrayList<>(spark.context().parallelize(chunks, chunks.size())
                    .map(chunk -> ExecutorModels.measure(auditSource, TaskContext.get().cpus(), chunk, usesReference))
                    .collect());
        } catch (RuntimeException failure) {
            throw new GramianException(GramianException.Category.BACKEND, "the audit failed on Spark: "
                    + rootMessage(failure), failure);
        }
        seconds = (System.nanoTime() - start) / 1e9;
        this.pairs = pairs.size();
        this.tasks = chunks.size();
        measured.sort(Comparator.comparingInt(MeasuredChunk::first));
        return AuditModel.Measured.concat(measured.stream().map(MeasuredChunk::measured).toList());
    }

    /** Pairs in a run that starts a Gram batch ({@code batchSize}) and a scoring batch ({@code max(8, batchSize)}). */
    static int unit(int batchSize) {
        int scoring = Math.max(8, batchSize);
        return batchSize / gcd(batchSize, scoring) * scoring;
    }

    /** {@code pairs} in at most {@code partitions} runs, each a multiple of {@code unit} pairs but the last. */
    static List<PairChunk> chunks(List<EncodedPair> pairs, int unit, int partitions) {
        int n = pairs.size();
        int units = Math.max(1, (n + unit - 1) / unit);
        int perChunk = unit * ((units + partitions - 1) / partitions);
        List<PairChunk> chunks = new ArrayList<>();
        for (int from = 0; from < n; from += perChunk) {
            chunks.add(PairChunk.of(pairs, from, Math.min(n, from + perChunk)));
        }
        return chunks;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = failure instanceof SparkException && cause != failure ? cause.toString() : failure.getMessage();
        return String.valueOf(message).lines().findFirst().orElse("");
    }

    /** The pairs the last measure call measured. */
    public long pairs() {
        return pairs;
    }

    /** How long the last measure call's Spark job took, in seconds. */
    public double seconds() {
        return seconds;
    }

    /** How many tasks the last measure call ran. */
    public int tasks() {
        return tasks;
    }

    /** Closes the models this JVM cached (those of a local master's executor). */
    public static void releaseLocalModels() {
        ExecutorModels.closeAll();
    }
}
