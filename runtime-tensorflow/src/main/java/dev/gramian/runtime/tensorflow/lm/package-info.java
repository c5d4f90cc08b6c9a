/**
 * Causal language models in one graph, in three parts: the network of an {@link
 * dev.gramian.runtime.tensorflow.lm.Architecture} (the built-in decoder-only Transformer of
 * {@code TransformerGraph}, or a pre-trained decoder from the {@code pretrained} package), which
 * computes logits at the scored positions only and records its trainable layers on a
 * {@code GramTape}; the {@code LanguageModelGraph} around any network (masked response
 * log-probabilities, weighted, per-token and preference gradients, and the runs that feed the
 * session), driven by the one model class {@code GraphLanguageModel}, which splits calls into runs
 * that fit the memory budgets; and the Gram algebra of {@code GhostGram}, which turns the tape into
 * per-sequence gradient inner products and slopes from one batched backward pass (per linear layer
 * ghost products or in-layer per-sequence gradients, whichever costs less). The exact path (one
 * backward per sequence) and token-level inner products check the fast one.
 */
package dev.gramian.runtime.tensorflow.lm;
