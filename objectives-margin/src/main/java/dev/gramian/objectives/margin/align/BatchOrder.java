package dev.gramian.objectives.margin.align;

import java.util.Random;

/**
 * A deterministic, resumable order of examples: each epoch is a fresh permutation drawn from
 * {@code (seed, epoch)}, and step {@code s} takes the {@code s}-th block of {@code batchSize}
 * positions of the concatenated epochs. Because it depends only on the step, a resumed run sees
 * exactly the batches an uninterrupted run would.
 */
public final class BatchOrder {
    private final int examples;
    private final int batchSize;
    private final long seed;
    private long cachedEpoch = -1;
    private int[] cachedPermutation;

    public BatchOrder(int examples, int batchSize, long seed) {
        if (examples < 1 || batchSize < 1) {
            throw new IllegalArgumentException("need examples and batch size >= 1");
        }
        this.examples = examples;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** The example indices of 0-based step {@code step}. */
    public int[] batch(long step) {
        int[] indices = new int[batchSize];
        for (int k = 0; k < batchSize; k++) {
            long position = step * batchSize + k;
            indices[k] = permutation(position / examples)[(int) (position % examples)];
        }
        return indices;
    }

    private int[] permutation(long epoch) {
        if (epoch != cachedEpoch) {
            Random random = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
            int[] p = new int[examples];
            for (int i = 0; i < examples; i++) {
                p[i] = i;
            }
            for (int i = examples - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            cachedPermutation = p;
            cachedEpoch = epoch;
        }
        return cachedPermutation;
    }
}
