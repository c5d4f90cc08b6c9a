package dev.gramian.objectives.margin.data;

/** What to do with a pair whose prompt plus response is longer than the model's maximum length. */
public enum TruncationPolicy {
    /** Reject the data with an error naming the pair. */
    ERROR,
    /** Drop tokens from the start of the prompt (keeping BOS) until the longer response fits. */
    KEEP_END,
    /** Leave the pair out and count it. */
    SKIP
}
