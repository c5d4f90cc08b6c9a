/**
 * Model parameters as Gramian owns them: named, shaped arrays of doubles held on the JVM heap. The
 * backend reads them when it evaluates a model and returns gradients in the same layout, so
 * snapshot, restore, interpolation (Fish's meta step), optimiser updates and checkpoints are plain,
 * backend-independent array operations. A {@link dev.gramian.api.param.LossGradient} is a loss with
 * its gradient in that layout, what every model returns for a training step.
 */
package dev.gramian.api.param;
