/**
 * Training from a Java program with nothing to parse: {@code Trainer} runs SFT and alignment with
 * the command line's defaults, each setting a typed method, through the same jobs the commands call
 * ({@code runs.align}'s {@code SftRunner} and {@code AlignRunner}), so a run it writes is the run
 * {@code gramian sft} or {@code align} would write with the same settings (docs/embedding.md).
 */
package dev.gramian.runs.training;
