/**
 * Commands on Hugging Face model folders: {@code gramian logps}, the per-pair log-probabilities of a
 * preference file, and {@code gramian export}, a run written back as a folder transformers loads.
 * They parse options and call the jobs of {@code dev.gramian.runs.align} and
 * {@code dev.gramian.runs.pretrained}.
 */
package dev.gramian.cli.pretrained;
