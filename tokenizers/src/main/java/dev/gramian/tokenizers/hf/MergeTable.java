package dev.gramian.tokenizers.hf;

import java.util.Arrays;

/**
 * The BPE merges as an open-addressing hash table from a pair of ids to its rank and merged id,
 * without a boxed object per merge (real vocabularies have 150k–300k merges). The first merge of a
 * pair wins, as in Hugging Face tokenizers.
 */
final class MergeTable {
    private static final long EMPTY = -1L;

    private final long[] keys;
    private final long[] values;
    private final int mask;

    MergeTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    /** Adds the merge of {@code left} and {@code right} unless the pair already has one. */
    void putIfAbsent(int left, int right, int rank, int merged) {
        long key = key(left, right);
        int i = slot(key);
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = ((long) rank << 32) | (merged & 0xffffffffL);
    }

    /** The rank and merged id packed as {@code rank << 32 | merged}, or -1 when the pair has no merge. */
    long get(int left, int right) {
        long key = key(left, right);
        int i = slot(key);
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return -1L;
    }
}
