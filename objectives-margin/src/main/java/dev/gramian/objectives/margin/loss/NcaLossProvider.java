package dev.gramian.objectives.margin.loss;

/** The {@code nca} objective: {@link NcaLoss}. */
public final class NcaLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public NcaLossProvider() {
        super("nca", "NCA: -log sigmoid(beta*rw) - 0.5*log sigmoid(-beta*rw) - 0.5*log sigmoid(-beta*rl)",
                options -> new NcaLoss(options.real("beta"), divergenceOf(options)),
                withDivergence(beta(0.1)));
    }
}
