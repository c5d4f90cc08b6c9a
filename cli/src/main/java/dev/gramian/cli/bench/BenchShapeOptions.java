package dev.gramian.cli.bench;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.objectives.margin.probing.GramBenchmark;
import picocli.CommandLine.Option;

/**
 * The model and batch shape of the language-model benchmarks, defaulting to the reference
 * configuration of {@link GramBenchmark#reference()}: 4 layers, width 256, 4 heads, MLP 1024, byte
 * vocabulary, 16 pairs of 129-token sequences.
 */
public final class BenchShapeOptions {
    @Option(names = "--layers", defaultValue = "4", description = "Transformer blocks (default: ${DEFAULT-VALUE})")
    private int layers;

    @Option(names = "--width", defaultValue = "256",
            description = "model width; 4 heads and an MLP of 4 x width (default: ${DEFAULT-VALUE})")
    private int width;

    @Option(names = "--pairs", defaultValue = "16", description = "preference pairs per batch (default: ${DEFAULT-VALUE})")
    private int pairs;

    @Option(names = "--tokens", defaultValue = "129",
            description = "tokens per sequence, 128 of them scored; the context is tokens - 1 (default: ${DEFAULT-VALUE})")
    private int tokens;

    @Option(names = "--repeats", defaultValue = "5",
            description = "timed repetitions; the median is reported (default: ${DEFAULT-VALUE})")
    private int repeats;

    /**
     * The benchmark these options describe.
     *
     * @param command the command's name, for the usage error
     * @throws GramianException (usage) for a shape the model cannot take
     */
    GramBenchmark benchmark(String command) {
        if (layers < 0 || width < 4 || width % 4 != 0 || pairs < 1 || tokens < 3 || repeats < 1) {
            throw GramianException.usage(command + " needs --layers >= 0, --width a positive multiple of 4, "
                    + "--pairs >= 1, --tokens >= 3 and --repeats >= 1");
        }
        GramBenchmark reference = GramBenchmark.reference();
        return new GramBenchmark(new LanguageModelConfig(reference.config().vocabularySize(), tokens - 1, layers,
                width, 4, 4 * width), pairs, tokens, repeats, reference.seed());
    }
}
