package dev.gramian.api.objective;

/**
 * A built-in or plugged-in source of preference pairs. Implementations must be deterministic: the
 * same options and seed give the same pairs in the same order, on every machine.
 */
public interface PreferenceDataset {

    /** Generates (or reads) the pairs, shuffled and split by {@code seed}. */
    PreferenceSplit load(long seed);

    /**
     * Whether the chosen response of every pair is checkably correct (e.g. arithmetic), so that
     * preferring it measures learning, not only margins.
     */
    default boolean verifiable() {
        return false;
    }
}
