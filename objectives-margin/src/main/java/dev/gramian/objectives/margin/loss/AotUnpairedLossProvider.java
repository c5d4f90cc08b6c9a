package dev.gramian.objectives.margin.loss;

/** The {@code aot-unpaired} objective: {@link AotLoss} on the batch's sorted chosen and rejected log-ratios. */
public final class AotUnpairedLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public AotUnpairedLossProvider() {
        super("aot-unpaired", "AOT (unpaired): DPO's loss on sorted chosen log-ratios minus sorted rejected ones (batch)",
                options -> new AotLoss(options.real("beta"), options.real("label_smoothing"), true),
                beta(0.1), labelSmoothing(0, true));
    }
}
