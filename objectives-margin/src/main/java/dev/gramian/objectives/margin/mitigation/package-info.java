/**
 * Alignment update rules ({@link dev.gramian.api.alignment.AlignmentRule}): how a step turns a
 * margin loss on a batch into an update direction. {@code gradient} is plain descent on the mean
 * loss; {@code normalized} is the entanglement paper's pairwise normalized gradient descent, which
 * keeps every pair's chosen log-probability from falling to first order; {@code token-mask} learns
 * sparse token weights inside the margin so that tokens the responses share drop out. The first two
 * report the direction's weights over the batch's sequence gradients, so the entanglement probe
 * predicts their steps exactly.
 */
package dev.gramian.objectives.margin.mitigation;
