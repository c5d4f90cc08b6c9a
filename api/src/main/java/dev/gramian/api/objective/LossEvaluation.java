package dev.gramian.api.objective;

/**
 * A loss value with its exact derivatives with respect to the policy's log-probabilities.
 *
 * @param loss          the pair's loss
 * @param dLogpChosen   {@code ∂loss/∂lw}; negative when the loss wants the chosen log-prob up
 * @param dLogpRejected {@code ∂loss/∂ll}; positive when the loss wants the rejected log-prob down
 */
public record LossEvaluation(double loss, double dLogpChosen, double dLogpRejected) {
}
