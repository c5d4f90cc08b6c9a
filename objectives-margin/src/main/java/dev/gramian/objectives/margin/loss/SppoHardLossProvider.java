package dev.gramian.objectives.margin.loss;

/** The {@code sppo-hard} objective: {@link SppoHardLoss}. */
public final class SppoHardLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public SppoHardLossProvider() {
        super("sppo-hard", "SPPO (hard labels): (rw - 1/(2*beta))^2 + (rl + 1/(2*beta))^2",
                options -> new SppoHardLoss(options.real("beta"), divergenceOf(options)),
                withDivergence(beta(0.1)));
    }
}
