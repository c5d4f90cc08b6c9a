/**
 * {@code gramian generate}: prompts (text, or conversations rendered with the model's chat template)
 * completed by a Hugging Face model folder or a Gramian checkpoint with the api's
 * {@link dev.gramian.api.generation.Generator}, which decodes with the backend's key/value cache.
 * Prompts are tokenised as training tokenises them ({@code objectives-margin}'s encoders), so what a
 * model says here is what it was trained to continue. Nothing is written to a run directory.
 */
package dev.gramian.runs.generate;
