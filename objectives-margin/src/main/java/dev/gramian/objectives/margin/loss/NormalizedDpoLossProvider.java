package dev.gramian.objectives.margin.loss;

/** The {@code dpo-norm} objective: {@link NormalizedDpoLoss}. */
public final class NormalizedDpoLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public NormalizedDpoLossProvider() {
        super("dpo-norm", "DPO on per-token log-ratios: -log sigmoid(beta*(rw/|y_w| - rl/|y_l|)) (TRL sigmoid_norm)",
                options -> new NormalizedDpoLoss(options.real("beta"), divergenceOf(options)),
                withDivergence(beta(0.1)));
    }
}
