package dev.gramian.spark;

import dev.gramian.cli.Gramian;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.spark.command.ProbeOnSparkCommand;
import dev.gramian.spark.command.SweepAlignCommand;
import dev.gramian.spark.command.SweepCommand;
import dev.gramian.spark.command.SweepDgCommand;
import picocli.CommandLine;

import java.util.Map;

/**
 * The {@code gramian} program with the Spark commands: the core command line, extended by
 * {@code sweep align} and {@code sweep dg}, its {@code probe} replaced by one that takes
 * {@code --master}. {@code ./gramian} starts this class, on the class path,
 * only for the commands that need Spark; every other command runs from the module path without it.
 */
public final class SparkGramian {

    private SparkGramian() {
    }

    /** Runs the command line on the process's streams and environment and exits with its status. */
    public static void main(String[] args) {
        Gramian.exit(args, commandLine -> extend(commandLine, System.getenv()));
    }

    /**
     * Runs one command, as {@link Gramian#run(String[], ProcessStreams, Map)} does, with the Spark
     * commands added.
     *
     * @return the exit status
     */
    public static int run(String[] args, ProcessStreams streams, Map<String, String> environment) {
        return Gramian.run(args, streams, environment, commandLine -> extend(commandLine, environment));
    }

    /** Adds the Spark commands to the core command line. */
    static void extend(CommandLine commandLine, Map<String, String> environment) {
        CommandLine sweep = new CommandLine(new SweepCommand());
        sweep.addSubcommand(new SweepAlignCommand(environment));
        sweep.addSubcommand(new SweepDgCommand(environment));
        commandLine.addSubcommand(sweep);
        // probe --master: the core's probe, its model work on Spark
        commandLine.getCommandSpec().removeSubcommand("probe");
        commandLine.addSubcommand("probe", new CommandLine(new ProbeOnSparkCommand(environment)));
    }
}
