package dev.gramian.objectives.margin.loss;

/** The {@code bco} objective: {@link BcoLoss}. */
public final class BcoLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public BcoLossProvider() {
        super("bco", "BCO (pair): classifier of chosen vs rejected, -log sigmoid(beta*rw) - log sigmoid(-beta*rl)",
                options -> new BcoLoss(options.real("beta"), divergenceOf(options)),
                withDivergence(beta(0.1)));
    }
}
