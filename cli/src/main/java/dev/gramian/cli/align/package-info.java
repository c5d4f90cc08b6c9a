/**
 * The alignment commands: {@code gramian sft}, {@code gramian align} and {@code gramian demo align}.
 * They read preference data (JSON Lines files or built-in data sets), build or load a language
 * model on the TensorFlow backend, and drive the trainers of {@code dev.gramian.objectives.margin.align}
 * through {@link dev.gramian.cli.align.TrainingPhases}, recording each phase into a run directory
 * ({@code dev.gramian.cli.run}) with progress from {@code dev.gramian.cli.progress}. Options shared
 * by the commands are Picocli mixins here.
 */
package dev.gramian.cli.align;
