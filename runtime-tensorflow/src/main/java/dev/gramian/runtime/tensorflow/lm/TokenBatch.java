package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Sequence;

import java.util.List;

/**
 * A batch of sequences laid out for the graph: N rows padded to the longest sequence. Row i's
 * position t reads {@code tokens[t]} and is scored on {@code tokens[t+1]} when that token belongs
 * to the response; prompt and padding positions have mask 0. Padding reads token 0, which a causal
 * model never lets influence earlier positions.
 *
 * @param rows      N
 * @param positions T, the longest sequence's length minus one
 * @param inputs    N×T input ids
 * @param targets   N×T next-token ids
 * @param mask      N×T, 1 where the target is a response token
 * @param counts    response tokens per row
 */
record TokenBatch(int rows, int positions, int[] inputs, int[] targets, double[] mask, int[] counts) {

    /** Lays out {@code batch}, checking ids and lengths against {@code config}. */
    static TokenBatch of(List<Sequence> batch, LanguageModelConfig config) {
        if (batch.isEmpty()) {
            throw GramianException.usage("empty batch: give at least one sequence");
        }
        int longest = 0;
        for (int i = 0; i < batch.size(); i++) {
            Sequence s = batch.get(i);
            if (s.length() - 1 > config.context()) {
                throw GramianException.input("batch", 0, "sequence " + i + " has " + s.length()
                        + " tokens; the model's context allows at most " + (config.context() + 1));
            }
            for (int id : s.tokens()) {
                if (id < 0 || id >= config.vocabularySize()) {
                    throw GramianException.input("batch", 0, "sequence " + i + " has token id " + id
                            + " outside [0, " + config.vocabularySize() + ")");
                }
            }
            longest = Math.max(longest, s.length());
        }
        int n = batch.size();
        int t = longest - 1;
        int[] inputs = new int[n * t];
        int[] targets = new int[n * t];
        double[] mask = new double[n * t];
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            Sequence s = batch.get(i);
            int[] tokens = s.tokens();
            for (int p = 0; p + 1 < tokens.length; p++) {
                inputs[i * t + p] = tokens[p];
                targets[i * t + p] = tokens[p + 1];
                if (p + 1 >= s.responseStart()) {
                    mask[i * t + p] = 1;
                }
            }
            counts[i] = s.responseLength();
        }
        return new TokenBatch(n, t, inputs, targets, mask, counts);
    }

    /** The shape {@code [N, T]}. */
    int[] shape() {
        return new int[]{rows, positions};
    }
}
