package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Sequence;

import java.util.List;

/**
 * A batch of sequences laid out for a {@link LanguageModelGraph}: N rows of T input positions
 * (padded with token 0, which a causal model never lets influence earlier positions), and per row
 * its S scored positions — the positions whose next token is a response token, padded to the
 * longest response with mask 0. The output head runs on these N·S rows only.
 *
 * @param rows            N
 * @param positions       T, the longest sequence's length minus one
 * @param scoredPositions S, the longest response's length
 * @param inputs          N×T input ids
 * @param scoredRows      N×S flat positions {@code i·T + p} (padding: {@code i·T})
 * @param targets         N×S next-token ids (padding: 0)
 * @param mask            N×S, 1 where the position is scored
 * @param counts          response tokens per row
 */
record TokenBatch(int rows, int positions, int scoredPositions, int[] inputs, int[] scoredRows, int[] targets,
                  double[] mask, int[] counts) {

    /** Lays out {@code batch}, checking ids and lengths against {@code config}. */
    static TokenBatch of(List<Sequence> batch, LanguageModelConfig config) {
        if (batch.isEmpty()) {
            throw GramianException.usage("empty batch: give at least one sequence");
        }
        int longest = 0;
        int longestResponse = 0;
        for (int i = 0; i < batch.size(); i++) {
            Sequence s = batch.get(i);
            if (s.length() - 1 > config.context()) {
                throw GramianException.input("batch", 0, "sequence " + i + " has " + s.length()
                        + " tokens; the model's context allows at most " + (config.context() + 1));
            }
            for (int id : s.tokens()) {
                if (id < 0 || id >= config.vocabularySize()) {
                    throw GramianException.input("batch", 0, "sequence " + i + " has token id " + id
                            + " outside the model's vocabulary [0, " + config.vocabularySize() + ")");
                }
            }
            longest = Math.max(longest, s.length());
            longestResponse = Math.max(longestResponse, s.responseLength());
        }
        int n = batch.size();
        int t = longest - 1;
        int scored = longestResponse;
        int[] inputs = new int[n * t];
        int[] scoredRows = new int[n * scored];
        int[] targets = new int[n * scored];
        double[] mask = new double[n * scored];
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            Sequence s = batch.get(i);
            int[] tokens = s.tokens();
            System.arraycopy(tokens, 0, inputs, i * t, tokens.length - 1);
            for (int j = 0; j < scored; j++) {
                scoredRows[i * scored + j] = i * t;
            }
            for (int j = 0; j < s.responseLength(); j++) {
                int p = s.responseStart() - 1 + j;
                scoredRows[i * scored + j] = i * t + p;
                targets[i * scored + j] = tokens[p + 1];
                mask[i * scored + j] = 1;
            }
            counts[i] = s.responseLength();
        }
        return new TokenBatch(n, t, scored, inputs, scoredRows, targets, mask, counts);
    }

    /** The shape {@code [N, T]}. */
    int[] shape() {
        return new int[]{rows, positions};
    }

    /** The shape {@code [N, S]}. */
    int[] scoredShape() {
        return new int[]{rows, scoredPositions};
    }

    /** The flat indices {@code r·V + target_r} into the {@code [N·S, V]} log-probabilities. */
    long[] pickedIndices(int vocabulary) {
        long[] out = new long[targets.length];
        for (int r = 0; r < out.length; r++) {
            out[r] = (long) r * vocabulary + targets[r];
        }
        return out;
    }
}
