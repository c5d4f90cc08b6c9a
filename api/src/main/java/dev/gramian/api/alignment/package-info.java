/**
 * Alignment update rules. An {@link dev.gramian.api.alignment.AlignmentRule} turns a margin loss
 * ({@code dev.gramian.api.objective}) on a batch of preference pairs into the update direction of
 * one alignment step of a language model ({@code dev.gramian.api.model}): plain gradient descent, or
 * a mitigation of gradient entanglement that reshapes the direction. It is to alignment what a
 * {@code DomainRule} is to domain generalisation: it drives the model, while the loss stays a pure
 * function of per-pair scalars.
 */
package dev.gramian.api.alignment;
