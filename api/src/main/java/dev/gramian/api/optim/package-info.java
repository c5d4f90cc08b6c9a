/**
 * Optimisers: rules that turn a gradient into an in-place update of a
 * {@link dev.gramian.api.param.ParameterSet}. They run on the JVM over Gramian-owned parameters, so
 * they are backend-independent, and their complete state is an
 * {@link dev.gramian.api.optim.OptimizerState} that checkpoints save and restore bit-exactly.
 */
package dev.gramian.api.optim;
