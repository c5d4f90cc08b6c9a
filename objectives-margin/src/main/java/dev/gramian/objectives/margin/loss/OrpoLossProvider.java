package dev.gramian.objectives.margin.loss;

/** The {@code orpo} objective: {@link OrpoLoss}. */
public final class OrpoLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public OrpoLossProvider() {
        super("orpo", "ORPO: the chosen response's NLL minus lambda times log sigmoid of the log odds ratio",
                options -> new OrpoLoss(options.real("lambda")),
                lambda(0.1, "weight of the odds-ratio term -log sigmoid(log odds_w - log odds_l)"));
    }
}
