/**
 * The causal decoder-only Transformer language model: its parameter layout and seeded
 * initialisation, the padding of token batches, and one graph holding the forward pass, masked
 * response log-probabilities, weighted and preference gradients, and the per-sequence gradient
 * Gram matrix by the fast (ghost) and exact (one backward per sequence) paths.
 */
package dev.gramian.runtime.tensorflow.lm;
