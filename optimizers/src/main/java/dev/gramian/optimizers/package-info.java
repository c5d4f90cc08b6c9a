/**
 * The built-in optimisers. {@link dev.gramian.optimizers.SgdOptimizer} is stochastic gradient
 * descent with optional (Nesterov) momentum; {@link dev.gramian.optimizers.AdamOptimizer} is Adam,
 * and AdamW when its weight decay is decoupled, so both share one update loop. Both keep their step
 * count and moment arrays in {@link dev.gramian.optimizers.SlotState}, which sizes them lazily,
 * checks layouts and turns them into the {@link dev.gramian.api.optim.OptimizerState} that
 * checkpoints store. The providers declare the options and are what the plugin catalog finds.
 */
package dev.gramian.optimizers;
