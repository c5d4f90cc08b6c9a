/**
 * The SLiC-HF preference loss as a third party would ship it: a {@link
 * dev.gramian.api.objective.MarginLoss} written once against the scalar algebra, and the {@link
 * dev.gramian.api.plugin.PluginProvider} that declares its id and options. Nothing here depends on
 * Gramian's own modules beyond the API, so the same two classes work on doubles, dual numbers and
 * graph tensors.
 */
package dev.gramian.examples.slic;
