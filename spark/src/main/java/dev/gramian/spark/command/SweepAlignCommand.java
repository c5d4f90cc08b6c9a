package dev.gramian.spark.command;

import dev.gramian.spark.sweep.SweptCommand;
import picocli.CommandLine.Command;

import java.util.Map;

/** {@code gramian sweep align}: {@code gramian align} over a grid. */
@Command(name = "align", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sweep 'gramian align' over a grid, e.g. --grid objective=dpo,ipo,simpo --grid beta=0.05,0.1 "
                + "--grid seed=1,2,3; every option not listed here is passed to each run (--data, --init, --steps ...).",
            "summary.json and report.html compare the runs' held-out metrics at the end."})
public final class SweepAlignCommand extends GridSweepCommand {
    /** @param environment the process's environment */
    public SweepAlignCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    SweptCommand command() {
        return SweptCommand.align();
    }
}
