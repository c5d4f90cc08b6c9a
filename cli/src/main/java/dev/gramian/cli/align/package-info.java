/**
 * The language-model commands: {@code gramian sft}, {@code gramian align} and {@code gramian probe},
 * with their option mixins (data, model shape, training settings, rule and probes). They parse
 * options and call the jobs of {@code dev.gramian.runs.align}, which read the preference data, drive
 * the trainers of {@code objectives-margin} on the TensorFlow backend and record the run directory.
 */
package dev.gramian.cli.align;
