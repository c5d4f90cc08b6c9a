package dev.gramian.api.param;


/**
 * A loss value and its gradient with respect to every parameter.
 *
 * @param loss     the loss
 * @param gradient the gradient, in the layout of the parameters
 */
public record LossGradient(double loss, ParameterSet gradient) {
}
