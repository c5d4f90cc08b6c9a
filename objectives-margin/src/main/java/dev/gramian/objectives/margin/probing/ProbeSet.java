package dev.gramian.objectives.margin.probing;

import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.data.EncodedPair;

import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The fixed pairs probes watch, with their reference scores and a way to show tokens as text.
 *
 * @param pairs     the probe pairs, at least one
 * @param reference their reference scores (zeros for losses without a reference model)
 * @param tokenText the text of one token id, for token-level tables
 */
public record ProbeSet(List<EncodedPair> pairs, ReferenceScores reference, IntFunction<String> tokenText) {
    public ProbeSet {
        pairs = List.copyOf(pairs);
        Objects.requireNonNull(tokenText, "tokenText");
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a probe set needs at least one pair");
        }
        if (reference.chosen().length != pairs.size()) {
            throw new IllegalArgumentException(reference.chosen().length + " reference scores for "
                    + pairs.size() + " probe pairs");
        }
    }

    /** Number of pairs. */
    public int size() {
        return pairs.size();
    }
}
