package dev.gramian.objectives.margin.data;

import dev.gramian.api.plugin.OptionSpec;

/** {@code arithmetic}: addition problems whose chosen answer is right and rejected answer is off by 1–9. */
public final class ArithmeticDatasetProvider extends PreferenceDatasetProvider {
    public ArithmeticDatasetProvider() {
        super("arithmetic", "two-operand addition: chosen answer correct, rejected off by 1-9", 2000,
                options -> new ArithmeticPairs(options.integer("max_operand"), options.integer("size"),
                        options.real("eval_fraction")),
                OptionSpec.integer("max_operand", 49, "operands are drawn from [0, max_operand]").atLeast(1)
                        .atMost(9999));
    }
}
