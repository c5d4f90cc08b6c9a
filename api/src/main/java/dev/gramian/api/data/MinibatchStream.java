package dev.gramian.api.data;

import dev.gramian.api.model.LabeledBatch;
import dev.gramian.api.random.SplitMix64;

/**
 * An endless stream of shuffled minibatches from one {@link ExampleSet}. Each epoch is a fresh
 * permutation drawn from {@code seed} and the epoch number (a {@link SplitMix64} stream per epoch),
 * and the trailing examples that do not fill a batch are skipped for that epoch. Because the
 * permutation depends only on the seed and the epoch, the stream's whole state is its
 * {@link #position()}: a stream built with the same seed at the same position continues
 * identically (what resuming a run needs).
 */
public final class MinibatchStream {
    private final ExampleSet examples;
    private final int batchSize;
    private final long seed;
    private final int batchesPerEpoch;
    private long position;
    private long permutationEpoch = -1;
    private int[] permutation;

    /**
     * A stream at position 0.
     *
     * @param batchSize examples per batch; a set smaller than this gives the whole set each time
     */
    public MinibatchStream(ExampleSet examples, int batchSize, long seed) {
        this(examples, batchSize, seed, 0);
    }

    /** A stream that has already handed out {@code position} batches. */
    public MinibatchStream(ExampleSet examples, int batchSize, long seed, long position) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (examples.size() == 0) {
            throw new IllegalArgumentException("cannot draw batches from an empty example set");
        }
        if (position < 0) {
            throw new IllegalArgumentException("negative stream position " + position);
        }
        this.examples = examples;
        this.batchSize = Math.min(batchSize, examples.size());
        this.seed = seed;
        this.batchesPerEpoch = examples.size() / this.batchSize;
        this.position = position;
    }

    /** The next minibatch. */
    public LabeledBatch next() {
        long epoch = position / batchesPerEpoch;
        int offset = (int) (position % batchesPerEpoch) * batchSize;
        if (epoch != permutationEpoch) {
            permutation = permutation(epoch);
            permutationEpoch = epoch;
        }
        int[] indices = new int[batchSize];
        System.arraycopy(permutation, offset, indices, 0, batchSize);
        position++;
        return examples.batch(indices);
    }

    /** How many batches this stream has handed out. */
    public long position() {
        return position;
    }

    /** The examples per batch. */
    public int batchSize() {
        return batchSize;
    }

    private int[] permutation(long epoch) {
        SplitMix64 random = new SplitMix64(seed).derive(epoch);
        int n = examples.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
