package dev.gramian.spark.command;

import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.GramianCommand;
import dev.gramian.cli.align.ProbeCommand;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.align.AuditRunner;
import dev.gramian.spark.cluster.SparkConnection;
import dev.gramian.spark.probe.DistributedAudit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian probe --master URL}: the audit of {@code gramian probe}, its model work split across
 * Spark executors ({@link DistributedAudit}); every option but the Spark ones is {@code gramian probe}'s,
 * parsed by that command, and the audit's files and printed summary are the same.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Audit preference pairs for gradient entanglement on Apache Spark: the pairs are split into "
                + "tasks, each executor loads the model once, and the per-pair rows (pairs.jsonl, pairs.csv) and "
                + "summary.json equal those of 'gramian probe' on one machine, in the same order.",
            "Takes every option of 'gramian probe' (see 'gramian probe --help'; --threads is each task's cores) and "
                + "these:"})
public final class ProbeOnSparkCommand implements Callable<Integer> {
    private final Map<String, String> environment;

    @Mixin
    private SparkOptions spark;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Split the pairs into at most N tasks; default: twice the cores Spark has.")
    private Integer partitions;

    @Unmatched
    private List<String> probeArguments = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    /** @param environment the process's environment ({@code GRAMIAN_PLUGIN_PATH}) */
    public ProbeOnSparkCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        GramianCommand root = (GramianCommand) spec.root().userObject();
        if (probeArguments.stream().anyMatch(argument -> argument.equals("--threads")
                || argument.startsWith("--threads="))) {
            throw new ParameterException(spec.commandLine(), "--threads is Spark's to set on the executors: each task "
                    + "runs TensorFlow on the cores it is given (--conf spark.task.cpus=N)");
        }
        ProbeCommand probe = new ProbeCommand();
        try {
            new CommandLine(probe).parseArgs(probeArguments.toArray(String[]::new));
        } catch (ParameterException failure) {
            throw new ParameterException(spec.commandLine(), failure.getMessage(), failure);
        }
        List<Path> pluginPath = root.pluginPath().entries(environment);
        PluginCatalog catalog = PluginCatalog.load(pluginPath);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SparkConnection connection = SparkConnection.open(spark.master(), spark.settings(), "gramian probe",
                root.verbosity().verbose())) {
            int tasks = partitions != null ? partitions : 2 * connection.context().defaultParallelism();
            DistributedAudit audit = new DistributedAudit(connection, probeArguments,
                    pluginPath.stream().map(entry -> entry.toAbsolutePath().toString()).toList(), tasks);
            AuditRunner.Outcome outcome = new AuditRunner(catalog, warning -> err.println("warning: " + warning),
                    Provenance.threads(connection.coresPerTask()), audit).run(probe.spec(), probe.out(), probe.mode());
            ProbeCommand.print(outcome, out);
            out.printf(Locale.ROOT, "on %s: %d pairs measured in %.1f s by %d tasks (%.1f pairs/s)%n",
                    connection.master().text(), audit.pairs(), audit.seconds(), audit.tasks(),
                    audit.pairs() / Math.max(audit.seconds(), 1e-9));
            return 0;
        } finally {
            DistributedAudit.releaseLocalModels();
        }
    }
}
