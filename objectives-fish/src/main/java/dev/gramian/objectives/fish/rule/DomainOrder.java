package dev.gramian.objectives.fish.rule;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Which domains a meta step visits, and in what order: either a fresh random permutation of all
 * domains (cut to the first {@code count}), or the domains in index order, continuing cyclically
 * from where the previous step stopped when {@code count < S}.
 *
 * @param random whether to shuffle
 * @param count  domains per step; 0 means all
 */
public record DomainOrder(boolean random, int count) {
    public DomainOrder {
        if (count < 0) {
            throw new IllegalArgumentException("domains per step must be 0 (all) or positive, got " + count);
        }
    }

    /**
     * The domains to visit at meta step {@code metaStep} (0-based), drawing from {@code generator}
     * when random.
     */
    public int[] draw(int domainCount, long metaStep, RandomGenerator generator) {
        int k = count == 0 ? domainCount : Math.min(count, domainCount);
        int[] order = new int[domainCount];
        if (random) {
            for (int i = 0; i < domainCount; i++) {
                order[i] = i;
            }
            for (int i = domainCount - 1; i > 0; i--) {
                int j = generator.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        } else {
            long first = metaStep * k;
            for (int i = 0; i < domainCount; i++) {
                order[i] = (int) ((first + i) % domainCount);
            }
        }
        return Arrays.copyOf(order, k);
    }
}
