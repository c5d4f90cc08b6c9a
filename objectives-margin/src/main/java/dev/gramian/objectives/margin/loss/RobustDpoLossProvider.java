package dev.gramian.objectives.margin.loss;

/** The {@code robust} objective: {@link RobustDpoLoss}. */
public final class RobustDpoLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public RobustDpoLossProvider() {
        super("robust", "Robust DPO: DPO corrected to be unbiased under preference-label noise of rate label_smoothing",
                options -> new RobustDpoLoss(options.real("beta"), options.real("label_smoothing"), divergenceOf(options)),
                withDivergence(beta(0.1), labelSmoothing(0.1, false)));
    }
}
