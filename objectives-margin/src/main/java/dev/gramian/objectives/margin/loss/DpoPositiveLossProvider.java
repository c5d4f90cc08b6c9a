package dev.gramian.objectives.margin.loss;

/** The {@code dpop} objective: {@link DpoPositiveLoss}. */
public final class DpoPositiveLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public DpoPositiveLossProvider() {
        super("dpop", "DPO-Positive: DPO penalising the chosen log-prob falling below the reference's",
                options -> new DpoPositiveLoss(options.real("beta"), options.real("lambda"), divergenceOf(options)),
                withDivergence(beta(0.1), lambda(50, "penalty weight on max(0, ref_logp_chosen - logp_chosen)")));
    }
}
