/**
 * Gradient-entanglement probes for margin-based alignment (docs/science.md §2). {@link
 * dev.gramian.probes.entanglement.EntanglementProbe} reads a probe set's per-pair Gram entries and
 * loss weights around each probed step, classifies every pair by the per-pair law ({@link
 * dev.gramian.probes.entanglement.EntanglementCase}) and compares the batch law's predicted change
 * of the log-probabilities with the realised one; {@link
 * dev.gramian.probes.entanglement.TokenEntanglementProbe} writes the token × token map of where
 * ⟨g_w, g_l⟩ comes from. The trainer or audit that drives them measures the geometry; these
 * classes only interpret it.
 */
package dev.gramian.probes.entanglement;
