/**
 * The language-model jobs: preference data read, split and encoded
 * ({@link dev.gramian.runs.align.PreferenceDataSpec}), the training settings of a phase, and
 * {@link dev.gramian.runs.align.TrainingPhases}, which runs SFT and margin-loss alignment with the
 * trainers of {@code objectives-margin} into a run directory — recording metrics, probe tables and
 * checkpoints through a {@link dev.gramian.runs.align.PhaseRecorder} and resuming from the latest
 * checkpoint. {@link dev.gramian.runs.align.AlignmentExtras} adds an alignment rule and probes.
 */
package dev.gramian.runs.align;
