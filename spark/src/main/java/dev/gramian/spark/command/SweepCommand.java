package dev.gramian.spark.command;

import dev.gramian.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/** {@code gramian sweep}: the group of {@code sweep align} and {@code sweep dg}. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a command over a grid of settings on Apache Spark: one Spark task per configuration, each "
                + "writing an ordinary run directory under --out, then sweep.jsonl, summary.json and report.html "
                + "comparing the runs.",
            "Without --master the runs share this machine's cores (local[*]); --master spark://HOST:PORT sends them "
                + "to a standalone cluster."})
public final class SweepCommand extends CommandGroup {
}
