package dev.gramian.objectives.margin.loss;

/** The {@code apo-zero} objective: {@link ApoZeroLoss}. */
public final class ApoZeroLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public ApoZeroLossProvider() {
        super("apo-zero", "APO-zero: 1 - sigmoid(beta*rw) + sigmoid(beta*rl), chosen up and rejected down separately",
                options -> new ApoZeroLoss(options.real("beta")),
                beta(0.1));
    }
}
