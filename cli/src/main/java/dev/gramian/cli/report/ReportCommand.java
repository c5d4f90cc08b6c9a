package dev.gramian.cli.report;

import com.google.inject.Inject;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gramian report RUN_DIR...}: writes the runs' report page and prints its path. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page of charts, configuration and summary for one or more "
                + "run directories. Several runs are compared as a study: their summaries side by side, one table "
                + "of what differs, charts as small multiples. A demo's directory alone (runs/demo-entanglement) "
                + "gives the demo's study.",
            "Writes RUN_DIR/report.html in the first directory unless --output is given, and prints its path."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories (of sft, align, dg ...), or one demo directory.")
    private List<Path> runs;

    @Option(names = "--output", paramLabel = "FILE", description = "Where to write the page instead.")
    private Path output;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        ReportWriter writer = new ReportWriter();
        Path written = output == null ? writer.write(runs) : writer.write(runs, output);
        streams.out().println(written);
        return 0;
    }
}
