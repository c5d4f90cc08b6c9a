/**
 * The language-model jobs, one runner per command with its settings record: {@code sft}
 * ({@link dev.gramian.runs.align.SftSpec}, {@link dev.gramian.runs.align.SftRunner}), {@code align}
 * ({@link dev.gramian.runs.align.AlignSpec}, {@link dev.gramian.runs.align.AlignRunner}, from a
 * Gramian checkpoint or a Hugging Face folder), {@code probe} (the entanglement audit,
 * {@link dev.gramian.runs.align.AuditRunner}) and {@code logps}. They build on the parts here:
 * preference data read, split and encoded ({@link dev.gramian.runs.align.PreferenceDataSpec}), a
 * phase's settings, and {@link dev.gramian.runs.align.TrainingPhases}, which runs SFT and margin-loss
 * alignment with the trainers of {@code objectives-margin}, recording metrics, probe tables and
 * checkpoints through a {@link dev.gramian.runs.align.PhaseRecorder} and resuming from the latest checkpoint.
 * Alignment scores a fixed reference once and caches the scores in the run directory; TR-DPO's moving
 * reference rides in the checkpoints beside the rule's state instead.
 */
package dev.gramian.runs.align;
