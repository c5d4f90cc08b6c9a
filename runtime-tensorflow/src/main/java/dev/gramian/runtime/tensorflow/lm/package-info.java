/**
 * Causal language models in one graph, in three parts: the network of an {@link
 * dev.gramian.runtime.tensorflow.lm.Architecture} (the decoder-only Transformer of
 * {@code TransformerGraph}, with its parameter layout and seeded initialisation), which records its
 * layers on a {@code GramTape}; the {@code LanguageModelGraph} around any network (masked response
 * log-probabilities, weighted, per-token and preference gradients, and the runs that feed the
 * session); and the Gram algebra of {@code GhostGram}, which turns the tape into per-sequence
 * gradient inner products and slopes from one batched backward pass (per linear layer ghost products
 * or in-layer per-sequence gradients, whichever costs less). The exact path (one backward per
 * sequence) and token-level inner products check the fast one. A second architecture is one more
 * {@code Architecture}.
 */
package dev.gramian.runtime.tensorflow.lm;
