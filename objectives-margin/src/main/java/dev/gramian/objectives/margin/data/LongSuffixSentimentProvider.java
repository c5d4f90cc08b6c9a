package dev.gramian.objectives.margin.data;

/** {@code long-suffix}: one differing token followed by a long identical suffix. */
public final class LongSuffixSentimentProvider extends PreferenceDatasetProvider {
    /** The identical text after the verdict. */
    static final String SUFFIX = " overall, judging by everything this customer wrote in the review above.";

    public LongSuffixSentimentProvider() {
        super("long-suffix", "sentiment verdicts differing in one token, then a long identical suffix", 2000,
                options -> sentiment(SUFFIX, options));
    }
}
