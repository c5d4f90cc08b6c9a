/**
 * Training a language model on preferences: supervised fine-tuning on the chosen responses
 * ({@link dev.gramian.objectives.margin.align.SftTrainer}) to get a starting point and reference
 * model, then margin-loss alignment ({@link dev.gramian.objectives.margin.align.AlignmentTrainer})
 * with any objective plugin, logging TRL's metric names on training batches and held-out pairs.
 * {@link dev.gramian.objectives.margin.align.AlignmentOptions} adds the rest of TRL's
 * {@code DPOTrainer}: LD-DPO and WPO (through a
 * {@link dev.gramian.objectives.margin.align.ReweightedGradientRule}), TR-DPO's moving reference
 * ({@link dev.gramian.objectives.margin.align.SyncedReference}) and gradient clipping.
 * Trainers are backend-neutral: they drive a {@link dev.gramian.api.model.LanguageModel} and an
 * {@link dev.gramian.api.optim.Optimizer} and report through a
 * {@link dev.gramian.objectives.margin.align.TrainingListener}; files are the caller's business.
 */
package dev.gramian.objectives.margin.align;
