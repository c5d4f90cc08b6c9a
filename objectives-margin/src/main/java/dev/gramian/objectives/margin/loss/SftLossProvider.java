package dev.gramian.objectives.margin.loss;

/** The {@code sft} objective: {@link SftLoss}. */
public final class SftLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public SftLossProvider() {
        super("sft", "SFT: the chosen response's per-token negative log-likelihood -lw/|y_w|; ignores the rejected one",
                options -> new SftLoss());
    }
}
