package dev.gramian.objectives.margin.data;

import dev.gramian.api.objective.PreferenceExample;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns preference examples into token sequences within a length limit: Gramian's own scheme for its
 * built-in models ({@link PreferenceEncoder}) or TRL's for Hugging Face models
 * ({@link TrlPreferenceEncoder}).
 */
public interface PairEncoder {

    /** The outcome of encoding a list: the pairs kept, and how many were skipped for length. */
    record Result(List<EncodedPair> pairs, int skipped) {
        public Result {
            pairs = List.copyOf(pairs);
        }
    }

    /**
     * Encodes one example, or returns null when the truncation policy skips it; {@code source} and
     * {@code line} name it in errors.
     *
     * @throws dev.gramian.api.GramianException an input error when the example cannot be encoded
     */
    EncodedPair encode(PreferenceExample example, String source, long line);

    /**
     * Encodes {@code examples}; {@code source} names them in errors (a file name or data set id) and
     * example {@code i} is reported as line {@code i + 1}.
     */
    default Result encodeAll(List<? extends PreferenceExample> examples, String source) {
        List<EncodedPair> kept = new ArrayList<>(examples.size());
        int skipped = 0;
        for (int i = 0; i < examples.size(); i++) {
            EncodedPair encoded = encode(examples.get(i), source, i + 1);
            if (encoded == null) {
                skipped++;
            } else {
                kept.add(encoded);
            }
        }
        return new Result(kept, skipped);
    }
}
