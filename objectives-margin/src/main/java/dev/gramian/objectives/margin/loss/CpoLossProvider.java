package dev.gramian.objectives.margin.loss;

/** The {@code cpo} objective: {@link CpoLoss}. */
public final class CpoLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public CpoLossProvider() {
        super("cpo", "CPO: reference-free -log sigmoid(beta*(lw - ll)) plus alpha times the chosen response's NLL",
                options -> new CpoLoss(options.real("beta"), options.real("alpha")),
                beta(0.1), alpha(1.0, "weight of the SFT term NLL(y_w) = -logp_chosen/len_chosen"));
    }
}
