package dev.gramian.objectives.margin.loss;

import dev.gramian.api.plugin.OptionSpec;

/** The {@code sft} objective: {@link SftLoss}, or {@link SftTokenMeanLoss} with {@code averaging=token}. */
public final class SftLossProvider extends MarginLossProvider {
    /** Called by the service loader. */
    public SftLossProvider() {
        super("sft", "SFT: the chosen response's negative log-likelihood per token; ignores the rejected one",
                options -> options.string("averaging").equals("token") ? new SftTokenMeanLoss() : new SftLoss(),
                OptionSpec.choice("averaging", "sequence", "sequence: mean over pairs of -lw/|y_w|; "
                        + "token: mean over the batch's chosen tokens, sum(-lw)/sum(|y_w|) (TRL)", "sequence", "token"));
    }
}
