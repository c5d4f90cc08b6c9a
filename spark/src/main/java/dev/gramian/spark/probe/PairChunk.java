package dev.gramian.spark.probe;

import dev.gramian.api.model.Sequence;
import dev.gramian.objectives.margin.data.EncodedPair;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A run of consecutive pairs, tokenised, as one Spark task receives them: the driver reads and
 * tokenises the data once, and every executor gets only its share.
 *
 * @param first  the index of the first pair in the whole data set
 * @param tokens per pair, the chosen then the rejected sequence's tokens
 * @param starts per pair, the chosen then the rejected sequence's response start
 */
record PairChunk(int first, List<int[]> tokens, int[] starts) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Packs {@code pairs[from, to)}. */
    static PairChunk of(List<EncodedPair> pairs, int from, int to) {
        List<int[]> tokens = new ArrayList<>(2 * (to - from));
        int[] starts = new int[2 * (to - from)];
        for (int i = from; i < to; i++) {
            EncodedPair pair = pairs.get(i);
            tokens.add(pair.chosen().tokens());
            tokens.add(pair.rejected().tokens());
            starts[2 * (i - from)] = pair.chosen().responseStart();
            starts[2 * (i - from) + 1] = pair.rejected().responseStart();
        }
        return new PairChunk(from, tokens, starts);
    }

    /** The pairs again. */
    List<EncodedPair> pairs() {
        List<EncodedPair> pairs = new ArrayList<>(starts.length / 2);
        for (int i = 0; i < starts.length; i += 2) {
            pairs.add(new EncodedPair(new Sequence(tokens.get(i), starts[i]), new Sequence(tokens.get(i + 1), starts[i + 1])));
        }
        return pairs;
    }
}
