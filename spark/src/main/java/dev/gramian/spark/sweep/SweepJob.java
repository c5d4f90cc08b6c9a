package dev.gramian.spark.sweep;

import dev.gramian.api.GramianException;
import dev.gramian.report.ReportWriter;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.progress.Progress;
import dev.gramian.runs.progress.ProgressDisplay;
import dev.gramian.spark.cluster.SparkConnection;
import dev.gramian.spark.sweep.SweepTask.SweepOutcome;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link SweepPlan} on Spark: one task per run that has not finished, each writing an ordinary
 * run directory under the sweep's; then {@code sweep.jsonl}, {@code summary.json}, for {@code dg} the
 * DomainBed table ({@code selection.json}), and {@code report.html} comparing the runs. A fresh sweep
 * needs an empty {@code --out}; {@code --resume}, after checking that the grid and arguments are the
 * recorded ones, keeps the runs that finished, continues a stopped run from its latest checkpoint
 * (the command's own {@code --resume}, which refuses settings that differ from the run's), and
 * starts the others over, a failed one too.
 */
public final class SweepJob {
    /** The DomainBed table of a dg sweep. */
    public static final String SELECTION = "selection.json";
    private final SweepPlan plan;
    private final ProgressDisplay display;
    private final PrintWriter out;

    /**
     * @param plan    the sweep
     * @param display how to show progress (one bar for the whole sweep)
     * @param out     where the sweep prints its few lines
     */
    public SweepJob(SweepPlan plan, ProgressDisplay display, PrintWriter out) {
        this.plan = plan;
        this.display = display;
        this.out = out;
    }

    /**
     * Checks the sweep's directory before Spark starts: empty or missing for a new sweep, this sweep's
     * for {@code --resume}.
     *
     * @throws GramianException (usage, input) naming the directory
     */
    public void prepare(boolean resume) {
        Path dir = plan.out();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw GramianException.input(dir.toString(), 0, "--out must be a directory, but this is a file");
        }
        Path config = dir.resolve(RunDirectory.CONFIG);
        if (resume) {
            if (!Files.isRegularFile(config)) {
                throw GramianException.input(dir.toString(), 0, "nothing to resume: it has no " + RunDirectory.CONFIG
                        + " of a sweep; start the sweep without --resume");
            }
            plan.requireSameAs(RunJson.readFile(config), config);
        } else if (Files.isDirectory(dir) && SweepResults.started(dir)) {
            throw GramianException.usage("sweep directory " + dir + " is not empty; choose another --out, or "
                    + "--resume to finish its sweep");
        }
    }

    /** Prints the runs' command lines, one per line, as a dry run shows them. */
    public void describe() {
        out.printf(Locale.ROOT, "sweep %s: %d runs (dry run: nothing started, nothing written)%n", plan.command().name(),
                plan.runs().size());
        for (SweepPlan.Run run : plan.runs()) {
            List<String> command = new ArrayList<>(plan.root());
            command.add(plan.command().name());
            command.addAll(run.arguments());
            out.println(run.name() + ": gramian " + String.join(" ", command));
        }
        out.flush();
    }

    /**
     * Runs what is left of the sweep and writes its files.
     *
     * @return the results
     */
    public SweepResults run(SparkConnection spark, boolean resume) {
        Path dir = plan.out();
        Path logs = dir.resolve(SweepResults.LOGS);
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw GramianException.input(dir.toString(), 0, "cannot create the sweep directory (" + e + ")");
        }
        if (!resume) {
            RunJson.writeFile(dir.resolve(RunDirectory.CONFIG), plan.config(spark.master().text(), spark.sparkVersion()));
        }
        SweepResults before = SweepResults.read(plan);
        String threads = plan.command().threadOption();
        List<SweepTask> tasks = new ArrayList<>();
        int continued = 0;
        for (SweepResults.Row row : before.rows()) {
            if (row.finished()) {
                continue;
            }
            SweepTask.forget(logs, row.run().name());
            List<String> arguments = new ArrayList<>(plan.root());
            arguments.add("--quiet");
            arguments.add(plan.command().name());
            arguments.addAll(row.run().arguments());
            Path runDir = dir.resolve(row.run().name());
            if (Files.isDirectory(runDir) && SweepResults.started(runDir)) {
                boolean continues = resumable(row, runDir);
                arguments.add(continues ? "--resume" : "--force");
                continued += continues ? 1 : 0;
            }
            tasks.add(new SweepTask(row.run().name(), arguments, logs.toAbsolutePath().toString(), threads));
        }
        int total = plan.runs().size();
        int done = total - tasks.size();
        List<String> notes = new ArrayList<>();
        if (done > 0) {
            notes.add(done + " finished before");
        }
        if (continued > 0) {
            notes.add(continued == 1 ? "1 continues from its checkpoint" : continued + " continue from their checkpoints");
        }
        out.printf(Locale.ROOT, "sweep %s: %d runs%s on %s, %d task%s of %d core%s each%n", plan.command().name(),
                total, notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")", spark.master().text(), tasks.size(),
                tasks.size() == 1 ? "" : "s", spark.coresPerTask(), spark.coresPerTask() == 1 ? "" : "s");
        out.flush();
        long start = System.nanoTime();
        if (!tasks.isEmpty()) {
            execute(spark, tasks, done, total);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        SweepResults results = SweepResults.read(plan);
        results.write();
        if (plan.command().name().equals("dg")) {
            var table = DomainBedSelection.select(results);
            RunJson.writeFile(dir.resolve(SELECTION), table);
            DomainBedSelection.print(table, out);
        }
        Path report = report();
        double runSeconds = results.rows().stream().filter(row -> tasks.stream()
                .anyMatch(task -> task.name().equals(row.run().name())) && row.outcome() != null)
                .mapToDouble(row -> row.outcome().wallSeconds()).sum();
        out.printf(Locale.ROOT, "sweep: %d finished, %d failed, %d unfinished; %d run%s in %.1f s wall, their own "
                        + "times add up to %.1f s%n", results.count(SweepOutcome.FINISHED),
                results.count(SweepOutcome.FAILED), results.count(SweepResults.UNFINISHED), tasks.size(),
                tasks.size() == 1 ? "" : "s", wall, runSeconds);
        for (SweepResults.Row row : results.rows()) {
            if (row.status().equals(SweepOutcome.FAILED)) {
                out.println("failed: " + row.run().name() + ": " + (row.outcome() == null || row.outcome().error() == null
                        ? "no summary.json" : row.outcome().error()) + " (log: " + SweepTask.logFile(logs, row.run().name()) + ")");
            }
        }
        out.println("table: " + dir.resolve(SweepResults.TABLE));
        if (report != null) {
            out.println("report: " + report);
        }
        out.flush();
        return results;
    }

    /**
     * Whether an unfinished run continues from its checkpoint: it stopped (no outcome: the sweep or its
     * executor was stopped) and left {@code checkpoints/latest.ckpt}. A run that failed starts over,
     * since its settings or data made it fail and would again from the checkpoint.
     */
    private static boolean resumable(SweepResults.Row row, Path runDir) {
        return row.outcome() == null && Files.isRegularFile(RunDirectory.latestCheckpointFile(runDir));
    }

    private void execute(SparkConnection spark, List<SweepTask> tasks, int done, int total) {
        AtomicLong finished = new AtomicLong(done);
        try (Progress progress = display.start("sweep", done, total)) {
            SparkListener listener = new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                    if (taskEnd.taskInfo().successful()) {
                        progress.update(Math.min(total, finished.incrementAndGet()));
                    }
                }
            };
            spark.context().sc().addSparkListener(listener);
            try {
                JavaRDD<SweepTask> rdd = spark.context().parallelize(tasks, tasks.size());
                rdd.map(task -> task.run(TaskContext.get().cpus(), SparkEnv.get().executorId())).collect();
            } finally {
                spark.context().sc().removeSparkListener(listener);
            }
            progress.update(total);
        }
    }

    /** The report comparing the runs that finished, or null (with a line saying why) when none can be drawn. */
    private Path report() {
        try {
            if (dev.gramian.runs.RunReader.runsInside(plan.out()).isEmpty()) {
                out.println("report: none, no run finished");
                return null;
            }
            return new ReportWriter().write(List.of(plan.out()));
        } catch (GramianException failure) {
            out.println("report: not written (" + failure.getMessage() + ")");
            return null;
        }
    }
}
