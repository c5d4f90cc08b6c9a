package dev.gramian.cli.bench;

import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.generate.GenerationBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code gramian bench generate}: tokens per second of key/value-cached decoding on a GPT-2-small-shaped decoder. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times decoding on a decoder shaped like GPT-2 small (124M parameters, vocabulary 50257, "
                + "12 layers, width 768) with random weights: the prompt's prefill, then the new tokens with the "
                + "key/value cache and, for comparison, recomputing the whole prefix for every token."})
public final class BenchGenerateCommand implements Callable<Integer> {
    @Option(names = "--prompt-tokens", defaultValue = "32", description = "prompt length (default: ${DEFAULT-VALUE})")
    private int promptTokens;

    @Option(names = "--new-tokens", defaultValue = "64", description = "tokens generated (default: ${DEFAULT-VALUE})")
    private int newTokens;

    @Mixin
    private Gpt2ShapeOptions shape;

    @Option(names = "--json", description = "print one JSON object instead of the table")
    private boolean json;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        GenerationBenchmark benchmark;
        try {
            benchmark = new GenerationBenchmark(shape.spec(), promptTokens, newTokens, 7);
        } catch (IllegalArgumentException e) {
            throw GramianException.usage(e.getMessage());
        }
        GenerationBenchmark.Result result;
        try (Backend backend = Provenance.backend(catalog)) {
            result = benchmark.run(backend);
        }
        PrintWriter out = streams.out();
        if (json) {
            out.println(result.toJson());
        } else {
            out.printf(Locale.ROOT, "parameters            %,d%n", result.parameters());
            out.printf(Locale.ROOT, "prefill (%d tokens)    %.0f ms%n", promptTokens, result.prefillMs());
            out.printf(Locale.ROOT, "with the cache        %.1f tokens/s%n", result.cachedPerSecond());
            out.printf(Locale.ROOT, "without (recompute)   %.1f tokens/s%n", result.fullPerSecond());
        }
        out.flush();
        return 0;
    }
}
