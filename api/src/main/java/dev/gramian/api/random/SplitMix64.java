package dev.gramian.api.random;

import java.util.random.RandomGenerator;

/**
 * Steele, Lea and Flood's SplitMix64 generator ("Fast splittable pseudorandom number generators",
 * OOPSLA 2014, with Vigna's published finaliser constants): the state is a 64-bit counter advanced
 * by the golden-ratio gamma {@code 0x9E3779B97F4A7C15}, and each output is the counter passed
 * through a bijective mixing function. Its complete state is {@link #state()}, so
 * {@code new SplitMix64(g.state())} continues exactly where {@code g} stands. Not thread-safe and
 * not cryptographic.
 *
 * <p>Every draw reaches this class through {@link #nextLong()}; the other {@link RandomGenerator}
 * methods are the interface's defaults built on it, so saving and restoring the state also
 * reproduces {@code nextDouble()}, bounded ints and shuffles on the same JDK.
 */
public final class SplitMix64 implements RandomGenerator {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /**
     * A generator whose state is {@code state}: a user seed for a fresh stream, or a value returned
     * by {@link #state()} to continue one.
     */
    public SplitMix64(long state) {
        this.state = state;
    }

    /** The complete state: {@code new SplitMix64(state())} produces the same numbers from here on. */
    public long state() {
        return state;
    }

    @Override
    public long nextLong() {
        state += GAMMA;
        return mix(state);
    }

    /**
     * A generator for an independent stream identified by {@code streamId}, seeded by mixing this
     * generator's current state with the id. This generator is not advanced, so the same state and id
     * always give the same stream, and different ids give unrelated ones (e.g. stream 0 initialises
     * the model and stream 1 orders the data, both from one user seed).
     */
    public SplitMix64 derive(long streamId) {
        return new SplitMix64(mix(state ^ mix(streamId + GAMMA)));
    }

    /** The SplitMix64 finaliser: a bijection on 64-bit values with good avalanche behaviour. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "SplitMix64[state=" + Long.toUnsignedString(state, 16) + "]";
    }
}
