/**
 * Graph plumbing shared by every model: a graph and its session with one placeholder per
 * Gramian-owned parameter (fed as tensors on each run), gradient construction with explicit seeds,
 * tensor conversion, session settings and precisions (matrix products in bfloat16 under
 * {@code BFLOAT16}, everything else in the graph's type), and the {@link dev.gramian.api.algebra.ScalarAlgebra} over
 * graph tensors that runs margin losses in-graph.
 */
package dev.gramian.runtime.tensorflow.graph;
