package dev.gramian.cli.bench;

import com.google.inject.Inject;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.objectives.margin.probing.GramBenchmark;
import dev.gramian.objectives.margin.probing.GramBenchmarkResult;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.RunPrecision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code gramian bench gram}: the fast Gram path against a training step and the exact path. */
@Command(name = "gram", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times one DPO training step, the fast per-pair Gram probe (one batched backward) and the "
                + "exact probe (one backward per sequence) on the reference model: 4 layers, width 256, "
                + "4 heads, MLP 1024, byte vocabulary, context 128, 16 pairs of 128-token sequences.",
                "Prints a table, or with --json one object with exactly step_ms, probe_ms, exact_probe_ms, "
                        + "max_rel_err, step_cpu_ms (the process's CPU time per step), step_gflop_per_s (the "
                        + "step's matrix-product FLOPs over its time) and precision (what ran)."})
public final class BenchGramCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print one JSON object instead of the table")
    private boolean json;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16",
            description = "bf16: the step and the fast probe with bfloat16 matrix products (float32 master weights, "
                    + "accumulation, log-softmax and loss), the exact probe in float32 at the same parameters; "
                    + "on a CPU without AMX or AVX-512 BF16 it runs float32 with one warning (default: ${DEFAULT-VALUE})")
    private String precision;

    @Mixin
    private BenchShapeOptions shape;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        GramBenchmark benchmark = shape.benchmark("bench gram");
        RunPrecision asked = RunPrecision.parse(precision);
        GramBenchmarkResult result;
        String ran;
        try (Backend backend = Provenance.backend(catalog, asked.backendOptions(Map.of()), warning -> {
                streams.err().println("warning: " + warning);
                streams.err().flush();
            });
             Backend exact = asked == RunPrecision.BF16 ? Provenance.backend(catalog, Map.of()) : null) {
            result = benchmark.run(backend, exact);
            ran = backend.describe().getOrDefault("precision", RunPrecision.FP32.backendValue());
        }
        PrintWriter out = streams.out();
        if (json) {
            String fields = result.toJson();
            out.println(fields.substring(0, fields.length() - 1) + ", \"precision\": \"" + ran + "\"}");
        } else {
            out.printf(Locale.ROOT, "precision: %s; step %.1f GFLOP, %.1f GFLOP/s, %.0f ms of CPU time%n", ran,
                    benchmark.stepFlops() / 1e9, result.stepGflopPerS(), result.stepCpuMs());
            out.printf(Locale.ROOT, "%-16s %12s %10s%n", "measure", "ms", "÷ step");
            out.printf(Locale.ROOT, "%-16s %12.1f %10.2f%n", "step", result.stepMs(), 1.0);
            out.printf(Locale.ROOT, "%-16s %12.1f %10.2f%n", "probe (fast)", result.probeMs(), result.probeRatio());
            out.printf(Locale.ROOT, "%-16s %12.1f %10.2f%n", "probe (exact)", result.exactProbeMs(),
                    result.exactRatio());
            out.printf(Locale.ROOT, "max relative error fast vs exact: %.2e (target <= %s)%n", result.maxRelErr(),
                    ran.equals("bfloat16") ? "1e-2 against float32" : "1e-3");
            out.printf(Locale.ROOT, "probe_ms / step_ms = %.2f (target <= 1.5)%n", result.probeRatio());
        }
        out.flush();
        return 0;
    }
}
