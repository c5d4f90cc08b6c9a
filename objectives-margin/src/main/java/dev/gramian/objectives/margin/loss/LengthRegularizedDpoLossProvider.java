package dev.gramian.objectives.margin.loss;

/** The {@code rdpo} objective: {@link LengthRegularizedDpoLoss}. */
public final class LengthRegularizedDpoLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public LengthRegularizedDpoLossProvider() {
        super("rdpo", "R-DPO: DPO with the length difference |y_w| - |y_l| subtracted from the margin",
                options -> new LengthRegularizedDpoLoss(options.real("beta"), options.real("alpha"), divergenceOf(options)),
                withDivergence(beta(0.1), alpha(0.2, "weight of the length difference |y_w| - |y_l| inside the margin")));
    }
}
