package dev.gramian.runtime.tensorflow.pretrained;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.Sequence;

import java.util.List;

/**
 * A batch of sequences laid out for a {@link DecoderGraph}: N rows of T input positions (padded
 * with token 0, which causal attention never lets reach earlier positions), and the R scored
 * positions only: which flat position {@code i·T + p} predicts which target, and to which
 * sequence it belongs. The output head runs on these R rows, never on all N·T.
 *
 * @param rows        N
 * @param positions   T, the longest sequence's length minus one
 * @param inputs      N·T input ids
 * @param scoredRows  R flat positions {@code i·T + p} whose next token is a response token
 * @param targets     R target ids
 * @param owner       R sequence indices
 * @param counts      response tokens per sequence
 */
record ScoredBatch(int rows, int positions, int[] inputs, int[] scoredRows, int[] targets, int[] owner, int[] counts) {

    /** Lays out {@code batch}, checking ids and lengths against {@code spec}. */
    static ScoredBatch of(List<Sequence> batch, DecoderSpec spec) {
        if (batch.isEmpty()) {
            throw GramianException.usage("empty batch: give at least one sequence");
        }
        int longest = 0;
        int scored = 0;
        for (int i = 0; i < batch.size(); i++) {
            Sequence s = batch.get(i);
            if (s.tokens().length - 1 > spec.context()) {
                throw GramianException.input("batch", 0, "sequence " + i + " has " + s.tokens().length
                        + " tokens; the model's context allows at most " + (spec.context() + 1));
            }
            for (int id : s.tokens()) {
                if (id < 0 || id >= spec.vocabularySize()) {
                    throw GramianException.input("batch", 0, "sequence " + i + " has token id " + id
                            + " outside the model's vocabulary [0, " + spec.vocabularySize() + ")");
                }
            }
            longest = Math.max(longest, s.tokens().length);
            scored += s.responseLength();
        }
        int n = batch.size();
        int t = longest - 1;
        int[] inputs = new int[n * t];
        int[] scoredRows = new int[scored];
        int[] targets = new int[scored];
        int[] owner = new int[scored];
        int[] counts = new int[n];
        int r = 0;
        for (int i = 0; i < n; i++) {
            Sequence s = batch.get(i);
            int[] tokens = s.tokens();
            for (int p = 0; p + 1 < tokens.length; p++) {
                inputs[i * t + p] = tokens[p];
                if (p + 1 >= s.responseStart()) {
                    scoredRows[r] = i * t + p;
                    targets[r] = tokens[p + 1];
                    owner[r] = i;
                    r++;
                }
            }
            counts[i] = s.responseLength();
        }
        return new ScoredBatch(n, t, inputs, scoredRows, targets, owner, counts);
    }

    /** R, the number of scored positions. */
    int scored() {
        return targets.length;
    }

    /** The N×R matrix that sums scored positions into their sequences, row-major. */
    double[] ownerMatrix() {
        double[] m = new double[rows * targets.length];
        for (int r = 0; r < targets.length; r++) {
            m[owner[r] * targets.length + r] = 1;
        }
        return m;
    }

    /** The flat indices {@code r·V + target_r} into the R×V log-probabilities. */
    long[] pickedIndices(int vocabulary) {
        long[] out = new long[targets.length];
        for (int r = 0; r < out.length; r++) {
            out[r] = (long) r * vocabulary + targets[r];
        }
        return out;
    }
}
