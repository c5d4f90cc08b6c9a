package dev.gramian.cli.bench;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.objectives.margin.probing.PretrainedStepBenchmark;
import picocli.CommandLine.Option;

/**
 * The decoder of the pre-trained-model benchmarks: GPT-2 small's shape by default (12 layers, width
 * 768, vocabulary 50257, 1024 positions), with heads of 64 and an MLP of 4 × width at other widths.
 */
public final class Gpt2ShapeOptions {
    @Option(names = "--layers", defaultValue = "12", description = "blocks (default: ${DEFAULT-VALUE})")
    private int layers;

    @Option(names = "--width", defaultValue = "768", description = "hidden width, a multiple of 64 (default: ${DEFAULT-VALUE})")
    private int width;

    @Option(names = "--vocabulary", defaultValue = "50257", description = "vocabulary size (default: ${DEFAULT-VALUE})")
    private int vocabulary;

    /**
     * The decoder these options describe.
     *
     * @throws GramianException (usage) for a width that is no positive multiple of 64, or no layer or vocabulary
     */
    public DecoderSpec spec() {
        if (width < 64 || width % 64 != 0 || layers < 1 || vocabulary < 2) {
            throw GramianException.usage("the decoder needs --width a positive multiple of 64, and --layers and "
                    + "--vocabulary positive");
        }
        DecoderSpec gpt2 = PretrainedStepBenchmark.gpt2Small();
        return new DecoderSpec(DecoderSpec.Family.GPT2, vocabulary, gpt2.context(), layers, width, width / 64,
                width / 64, 64, 4 * width, 1e-5, true, true, true, true, new double[0]);
    }
}
