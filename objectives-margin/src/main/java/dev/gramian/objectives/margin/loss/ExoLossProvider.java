package dev.gramian.objectives.margin.loss;

/** The {@code exo} objective: {@link ExoLoss}. */
public final class ExoLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public ExoLossProvider() {
        super("exo", "EXO (pair): reverse KL from sigmoid(beta*h) to the smoothed label (1-eps, eps); mode-seeking",
                options -> new ExoLoss(options.real("beta"), options.real("label_smoothing"), divergenceOf(options)),
                withDivergence(beta(0.1), labelSmoothing(0.001, false).greaterThan(0)));
    }
}
