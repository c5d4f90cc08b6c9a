package dev.gramian.api.model;

/** How a backend computes per-sequence gradient inner products. */
public enum GramMethod {
    /** From one batched backward pass, with per-layer ghost products (docs/science.md §4). */
    FAST,
    /** One backward pass per sequence, gradients materialised: slow, used to verify {@link #FAST}. */
    EXACT
}
