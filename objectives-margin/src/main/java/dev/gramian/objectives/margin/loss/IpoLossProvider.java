package dev.gramian.objectives.margin.loss;

/** The {@code ipo} objective: {@link IpoLoss}. */
public final class IpoLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public IpoLossProvider() {
        super("ipo", "IPO: squared distance of the per-token log-ratio margin from 1/(2*beta)",
                options -> new IpoLoss(options.real("beta"), divergenceOf(options)),
                withDivergence(beta(0.1)));
    }
}
