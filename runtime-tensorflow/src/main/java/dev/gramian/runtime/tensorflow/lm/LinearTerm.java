package dev.gramian.runtime.tensorflow.lm;

/** How the fast Gram path of {@link GhostGram} computes a linear layer's weight term. */
public enum LinearTerm {
    /** Per layer, whichever of the two below costs less for the batch's shape. */
    CHEAPER,
    /** Ghost products {@code sum((A_i A_jᵀ) ⊙ (Δ_i Δ_jᵀ))}: cheap for short sequences. */
    GHOST,
    /** In-layer per-sequence gradients {@code A_iᵀ Δ_i} and their dot products: cheap for long ones. */
    MATERIALISED
}
