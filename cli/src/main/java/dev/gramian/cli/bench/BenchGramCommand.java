package dev.gramian.cli.bench;

import com.google.inject.Inject;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.objectives.margin.probing.GramBenchmark;
import dev.gramian.objectives.margin.probing.GramBenchmarkResult;
import dev.gramian.runs.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code gramian bench gram}: the fast Gram path against a training step and the exact path. */
@Command(name = "gram", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times one DPO training step, the fast per-pair Gram probe (one batched backward) and the "
                + "exact probe (one backward per sequence) on the reference model: 4 layers, width 256, "
                + "4 heads, MLP 1024, byte vocabulary, context 128, 16 pairs of 128-token sequences.",
                "Prints a table, or with --json one object with exactly step_ms, probe_ms, exact_probe_ms "
                        + "and max_rel_err."})
public final class BenchGramCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print one JSON object instead of the table")
    private boolean json;

    @Mixin
    private BenchShapeOptions shape;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        GramBenchmark benchmark = shape.benchmark("bench gram");
        GramBenchmarkResult result;
        try (Backend backend = Provenance.backend(catalog)) {
            result = benchmark.run(backend);
        }
        PrintWriter out = streams.out();
        if (json) {
            out.println(result.toJson());
        } else {
            out.printf(Locale.ROOT, "%-16s %12s %10s%n", "measure", "ms", "÷ step");
            out.printf(Locale.ROOT, "%-16s %12.1f %10.2f%n", "step", result.stepMs(), 1.0);
            out.printf(Locale.ROOT, "%-16s %12.1f %10.2f%n", "probe (fast)", result.probeMs(), result.probeRatio());
            out.printf(Locale.ROOT, "%-16s %12.1f %10.2f%n", "probe (exact)", result.exactProbeMs(),
                    result.exactRatio());
            out.printf(Locale.ROOT, "max relative error fast vs exact: %.2e (target <= 1e-3)%n", result.maxRelErr());
            out.printf(Locale.ROOT, "probe_ms / step_ms = %.2f (target <= 1.5)%n", result.probeRatio());
        }
        out.flush();
        return 0;
    }
}
