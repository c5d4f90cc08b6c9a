package dev.gramian.cli.option;

import dev.gramian.runs.RunPrecision;
import picocli.CommandLine.Option;

/**
 * {@code --precision fp32|bf16}: the precision of the model's matrix products, recorded in
 * {@code config.json}; a resumed run must give the run's.
 */
public final class PrecisionOptions {

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16",
            description = "bf16: the model's matrix products in bfloat16 (float32 accumulation, master weights, "
                    + "optimiser state, log-softmax and losses), on CPUs with AMX or AVX-512 BF16; elsewhere float32 "
                    + "with one warning. Recorded in config.json; default ${DEFAULT-VALUE}.")
    private String precision;

    /**
     * The precision asked for.
     *
     * @throws dev.gramian.api.GramianException (usage) for a value other than fp32 or bf16
     */
    public RunPrecision precision() {
        return RunPrecision.parse(precision);
    }
}
