/**
 * The causal decoder-only Transformer language model: its parameter layout and seeded
 * initialisation, the padding of token batches, and one graph holding the forward pass, masked
 * response log-probabilities, weighted and preference gradients, and the per-sequence gradient
 * Gram matrix by the fast path (one batched backward; per linear layer ghost products or
 * in-layer per-sequence gradients, whichever costs less for the batch) and the exact path (one
 * backward per sequence), plus token-level gradient inner products.
 */
package dev.gramian.runtime.tensorflow.lm;
