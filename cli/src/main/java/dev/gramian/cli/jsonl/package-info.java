/**
 * JSON Lines input of the command line: turning one line of a pairs file into checked
 * {@link dev.gramian.api.objective.PairScores}, with errors that name the file, the line and the
 * field. Commands in {@code dev.gramian.cli.command} read files through it; Jackson does the parsing.
 */
package dev.gramian.cli.jsonl;
