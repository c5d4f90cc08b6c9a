package dev.gramian.objectives.margin.loss;

/** The {@code rrhf} objective: {@link RrhfLoss}. */
public final class RrhfLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public RrhfLossProvider() {
        super("rrhf", "RRHF: max(0, ll/|y_l| - lw/|y_w|) plus alpha times the chosen response's NLL",
                options -> new RrhfLoss(options.real("alpha")),
                alpha(1.0, "weight of the SFT term NLL(y_w) = -logp_chosen/len_chosen"));
    }
}
