/**
 * The benchmarks behind {@code gramian bench}: the cost of a DPO training step against the fast and
 * the exact per-sequence Gram paths on the reference model, and a DPO step with an optimiser on a
 * pre-trained-shaped decoder (GPT-2 small by default) with its peak memory. The one exported
 * package of this module; it reaches models through the {@link dev.gramian.api.backend.Backend}
 * interface only.
 */
package dev.gramian.runtime.tensorflow.bench;
