package dev.gramian.objectives.margin.loss;

/** The {@code dpo} objective: {@link DpoLoss}. */
public final class DpoLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public DpoLossProvider() {
        super("dpo", "DPO: -log sigmoid(beta*h) on the reference log-ratio margin h, optional label smoothing (cDPO)",
                options -> new DpoLoss(options.real("beta"), options.real("label_smoothing"), divergenceOf(options)),
                withDivergence(beta(0.1), labelSmoothing(0, true)));
    }
}
