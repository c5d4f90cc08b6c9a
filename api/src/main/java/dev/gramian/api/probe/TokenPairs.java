package dev.gramian.api.probe;

/**
 * The probe set's pairs, whose token-level geometry is computed only when a probe asks for it
 * (each pair costs one backward pass per response token).
 */
public interface TokenPairs {

    /** Number of pairs in the probe set. */
    int size();

    /** The token geometry of probe pair {@code i}, computed on demand at the current parameters. */
    TokenGeometry pair(int i);
}
