package dev.gramian.cli.bench;

import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.cli.option.ActivationMemoryOptions;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.runs.Provenance;
import dev.gramian.objectives.margin.probing.PretrainedStepBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code gramian bench pretrained}: a DPO step on a GPT-2-small-shaped decoder, fully fine-tuned or with LoRA. */
@Command(name = "pretrained", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times a DPO step (loss gradient and an optimiser step) on a decoder shaped like GPT-2 small "
                + "(124M parameters, vocabulary 50257, 12 layers, width 768) with random weights, 4 pairs of "
                + "256 tokens (prompt the first half), and prints the median step time (wall and process CPU "
                + "time), its matrix products' GFLOP/s and the process's peak resident memory. --lora-rank trains a LoRA adapter on c_attn instead of all weights.",
                "Give the JVM room for full fine-tuning: weights and gradient are doubles, and Adam adds two "
                        + "double copies, or two float copies with -P state_precision=float32 "
                        + "(GRAMIAN_JAVA_OPTS=-Xmx3400m then suffices)."})
public final class BenchPretrainedCommand implements Callable<Integer> {
    @Option(names = "--lora-rank", defaultValue = "0", description = "LoRA rank; 0 trains all weights (default: ${DEFAULT-VALUE})")
    private int loraRank;

    @Option(names = "--lora-alpha", defaultValue = "32", description = "LoRA alpha (default: ${DEFAULT-VALUE})")
    private double loraAlpha;

    @Option(names = "--optimizer", defaultValue = "adam", description = "optimizer plugin id (default: ${DEFAULT-VALUE})")
    private String optimizer;

    @Option(names = {"-P", "--optimizer-option"}, paramLabel = "KEY=VALUE",
            description = "an option of the optimiser, e.g. -P state_precision=float32; repeatable")
    private Map<String, String> optimizerOptions = new java.util.LinkedHashMap<>();

    @Option(names = "--pairs", defaultValue = "4", description = "preference pairs per step (default: ${DEFAULT-VALUE})")
    private int pairs;

    @Option(names = "--tokens", defaultValue = "256", description = "tokens per sequence (default: ${DEFAULT-VALUE})")
    private int tokens;

    @Mixin
    private ActivationMemoryOptions activationMemory;

    @Mixin
    private Gpt2ShapeOptions shape;

    @Option(names = "--repeats", defaultValue = "3", description = "timed steps after a warm-up step (default: ${DEFAULT-VALUE})")
    private int repeats;

    @Option(names = "--json", description = "print one JSON object instead of the table")
    private boolean json;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        if (pairs < 1 || repeats < 1 || tokens < 3 || tokens > 1025 || loraRank < 0) {
            throw GramianException.usage("bench pretrained needs --pairs and --repeats positive, --tokens in "
                    + "[3, 1025] and --lora-rank >= 0");
        }
        DecoderSpec spec = shape.spec();
        LoraSpec lora = loraRank == 0 ? null : new LoraSpec(loraRank, loraAlpha, 0, List.of(), false);
        PretrainedStepBenchmark benchmark = new PretrainedStepBenchmark(spec, pairs, tokens, lora, repeats, 7);
        Optimizer step = catalog.create(PluginKind.OPTIMIZER, optimizer, optimizerOptions, Optimizer.class);
        PretrainedStepBenchmark.Result result;
        try (Backend backend = Provenance.backend(catalog, activationMemory.backendOptions(Map.of()))) {
            result = benchmark.run(backend, step);
        }
        PrintWriter out = streams.out();
        if (json) {
            out.println(result.toJson());
        } else {
            out.printf(Locale.ROOT, "parameters       %,d (trainable %,d)%n", result.parameters(), result.trainable());
            out.printf(Locale.ROOT, "step (median)    %.0f ms (first step %.0f ms)%n", result.stepMs(), result.firstStepMs());
            out.printf(Locale.ROOT, "step CPU time    %.0f ms (all threads)%n", result.stepCpuMs());
            out.printf(Locale.ROOT, "step rate        %.1f GFLOP/s%n", result.stepGflopPerS());
            out.printf(Locale.ROOT, "peak RSS         %.2f GB%n", result.peakRssBytes() / 1e9);
        }
        out.flush();
        return 0;
    }
}
