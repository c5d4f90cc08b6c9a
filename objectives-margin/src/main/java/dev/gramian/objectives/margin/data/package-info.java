/**
 * Preference data: the built-in synthetic tasks (the gradient-entanglement paper's sentiment
 * setting with a single differing token and short or long identical suffixes, and arithmetic,
 * whose chosen answer is checkably right) and the step that turns text pairs into token
 * {@link dev.gramian.api.model.Sequence}s with an explicit length limit and truncation policy. File
 * formats (JSON Lines) are read by the command line, which owns JSON.
 */
package dev.gramian.objectives.margin.data;
