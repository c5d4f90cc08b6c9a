package dev.gramian.spark.command;

import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.GramianCommand;
import dev.gramian.runs.progress.ProgressDisplay;
import dev.gramian.spark.cluster.MasterUrl;
import dev.gramian.spark.cluster.SparkConnection;
import dev.gramian.spark.sweep.Grid;
import dev.gramian.spark.sweep.SweepJob;
import dev.gramian.spark.sweep.SweepPlan;
import dev.gramian.spark.sweep.SweptCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A sweep of one command over a grid: parses the sweep's own options, passes every other argument to
 * each run, plans the sweep (where bad input stops it), checks the output directory, and only then
 * starts Spark and runs the {@link SweepJob}.
 */
abstract class GridSweepCommand implements Callable<Integer> {
    private final Map<String, String> environment;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2",
            description = "An axis of the grid: an option of the command by name (lr, steps, objective, rule, seed) or "
                    + "of its plugins (beta, or O.beta, P.momentum, R.rescale, D.domains for the -O/-P/-R/-D plugin), "
                    + "with its values, comma-separated ('|'-separated when a value holds commas); repeatable, one "
                    + "run per combination.")
    private List<String> grid = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The sweep's directory: config.json, sweep.jsonl, summary.json, report.html, logs/ and one "
                    + "run directory per configuration, named by its grid values.")
    private Path out;

    @Option(names = "--resume", description = "Finish the sweep in --out: a stopped run continues from its latest "
            + "checkpoint, a failed one starts over, a finished one is kept (the grid and options must be the sweep's).")
    private boolean resume;

    @Option(names = "--dry-run", description = "Plan and check the sweep, print each run's command line, and "
            + "stop: no Spark, nothing written.")
    private boolean dryRun;

    @Mixin
    private SparkOptions spark;

    @Unmatched
    private List<String> runOptions = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    /** @param environment the process's environment ({@code GRAMIAN_PLUGIN_PATH}) */
    GridSweepCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The command swept. */
    abstract SweptCommand command();

    @Override
    public Integer call() {
        GramianCommand root = (GramianCommand) spec.root().userObject();
        Grid parsed = Grid.parse(grid);
        List<Path> pluginPath = root.pluginPath().entries(environment);
        SweepPlan plan = SweepPlan.of(command(), parsed, runOptions, pluginPath, out, PluginCatalog.load(pluginPath));
        MasterUrl master = spark.master();
        var display = ProgressDisplay.of(root.verbosity().quiet(), false, spec.commandLine().getErr());
        SweepJob job = new SweepJob(plan, display, spec.commandLine().getOut());
        job.prepare(resume);
        if (dryRun) {
            job.describe();
            return 0;
        }
        try (SparkConnection connection = SparkConnection.open(master, spark.settings(),
                "gramian sweep " + command().name(), root.verbosity().verbose())) {
            job.run(connection, resume);
        }
        return 0;
    }
}
