package dev.gramian.objectives.margin.data;

/** {@code short-suffix}: one differing token followed by a short identical suffix. */
public final class ShortSuffixSentimentProvider extends PreferenceDatasetProvider {
    /** The identical text after the verdict. */
    static final String SUFFIX = " overall.";

    public ShortSuffixSentimentProvider() {
        super("short-suffix", "sentiment verdicts differing in one token, then a short identical suffix", 2000,
                options -> sentiment(SUFFIX, options));
    }
}
