package dev.gramian.objectives.margin.loss;

/** The {@code apo-down} objective: {@link ApoDownLoss}. */
public final class ApoDownLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public ApoDownLossProvider() {
        super("apo-down", "APO-down: sigmoid(beta*rw) + 1 - sigmoid(beta*h), chosen down and rejected down further",
                options -> new ApoDownLoss(options.real("beta"), divergenceOf(options)),
                withDivergence(beta(0.1)));
    }
}
