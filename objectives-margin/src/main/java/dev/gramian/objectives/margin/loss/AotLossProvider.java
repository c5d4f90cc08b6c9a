package dev.gramian.objectives.margin.loss;

/** The {@code aot} objective: {@link AotLoss} on the batch's sorted margins. */
public final class AotLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public AotLossProvider() {
        super("aot", "AOT (paired): DPO's loss on sorted policy margins lw-ll minus sorted reference margins (batch)",
                options -> new AotLoss(options.real("beta"), options.real("label_smoothing"), false),
                beta(0.1), labelSmoothing(0, true));
    }
}
