package dev.gramian.objectives.margin.loss;

/** The {@code hinge} objective: {@link HingeLoss}. */
public final class HingeLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public HingeLossProvider() {
        super("hinge", "SLiC hinge: max(0, 1 - beta*h) on the reference log-ratio margin h",
                options -> new HingeLoss(options.real("beta"), divergenceOf(options)),
                withDivergence(beta(0.1)));
    }
}
