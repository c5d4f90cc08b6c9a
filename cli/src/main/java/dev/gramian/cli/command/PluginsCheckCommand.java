package dev.gramian.cli.command;

import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.plugin.testkit.Finding;
import dev.gramian.plugin.testkit.PluginConformance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code gramian plugins check JAR_OR_DIR}: runs the plugin conformance kit on a jar or on every jar
 * of a directory and prints each check, {@code ok} or {@code FAIL} with the reason. Exits with the
 * plugin status (4) when any check fails, so a build script can gate on it.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check that plugin jars meet the plugin contract: registration, options, and per kind "
                + "loss stability and derivatives, optimiser and rule resume, read-only probes.")
final class PluginsCheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "JAR_OR_DIR", description = "A plugin jar, or a directory of plugin jars.")
    private Path path;

    @Option(names = "--failures", description = "Print only the checks that fail.")
    private boolean failuresOnly;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        List<Finding> findings = PluginConformance.checkPath(path);
        PrintWriter out = streams.out();
        long failed = findings.stream().filter(f -> !f.passed()).count();
        for (Finding finding : findings) {
            if (!failuresOnly || !finding.passed()) {
                out.println(finding);
            }
        }
        out.printf("%d checks, %d failed%n", findings.size(), failed);
        out.flush();
        if (failed > 0) {
            throw new GramianException(GramianException.Category.PLUGIN, failed + " of " + findings.size()
                    + " plugin checks failed for " + path);
        }
        return 0;
    }
}
