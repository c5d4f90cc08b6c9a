package dev.gramian.spark.command;

import dev.gramian.spark.sweep.SweptCommand;
import picocli.CommandLine.Command;

import java.util.Map;

/** {@code gramian sweep dg}: {@code gramian dg} over a grid, with DomainBed's model selection. */
@Command(name = "dg", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sweep 'gramian dg' over a grid, e.g. --grid rule=erm,fish --grid domains=5,10,15 --grid seed=1,2; "
                + "every option not listed here is passed to each run (--dataset, --steps ...).",
            "selection.json (and the printed table) is DomainBed's: per rule and data set, for each seed the "
                + "hyperparameters with the best training-domain validation accuracy, then the mean ± standard error "
                + "over seeds of validation and held-out test accuracy."})
public final class SweepDgCommand extends GridSweepCommand {
    /** @param environment the process's environment */
    public SweepDgCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    SweptCommand command() {
        return SweptCommand.dg();
    }
}
