/**
 * Graph plumbing shared by every model: a graph and its session with one placeholder per
 * Gramian-owned parameter (fed as tensors on each run), gradient construction with explicit seeds,
 * tensor conversion, session settings and precisions (matrix products in bfloat16 under
 * {@code BFLOAT16}, everything else in the graph's type), the {@link dev.gramian.api.algebra.ScalarAlgebra} over
 * graph tensors that runs margin losses in-graph, and the Transformer building blocks (norms,
 * activations, rotary positions, grouped causal attention over cached keys) that the training
 * graphs of {@code lm} and {@code pretrained} and the decoding graphs of {@code decode} share.
 */
package dev.gramian.runtime.tensorflow.graph;
