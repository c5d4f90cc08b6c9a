/**
 * The scalar algebra objectives are written against. A margin loss is a pure function of a few
 * per-pair scalars; written once against {@link dev.gramian.api.algebra.ScalarAlgebra} it runs on
 * plain doubles ({@link dev.gramian.api.algebra.DoubleAlgebra}: golden values), on dual numbers
 * ({@link dev.gramian.api.algebra.DualAlgebra}: exact derivatives for the entanglement law) and, in
 * the TensorFlow runtime, on graph tensors vectorised over a batch. {@link
 * dev.gramian.api.algebra.OrderedAlgebra} adds sorting, for losses over a whole batch, on the two
 * algebras of one number per value.
 */
package dev.gramian.api.algebra;
