package dev.gramian.objectives.margin.data;

/** {@code 1t}: sentiment pairs whose responses are one differing token and nothing else. */
public final class SingleTokenSentimentProvider extends PreferenceDatasetProvider {
    public SingleTokenSentimentProvider() {
        super("1t", "sentiment verdicts differing in exactly one token, no shared suffix", 2000,
                options -> sentiment("", options));
    }
}
