package dev.gramian.tokenizers.hf;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The {@code BPE} model of {@code tokenizer.json}: a piece starts as one symbol per character (or,
 * with byte fallback, the {@code <0xNN>} tokens of the UTF-8 bytes of a character the vocabulary
 * lacks), then the adjacent pair of lowest merge rank is merged until no pair has a rank; equal
 * ranks merge left to right.
 */
final class BytePairModel {
    private static final int CACHE_LIMIT = 50_000;
    private static final int CACHE_PIECE_LENGTH = 64;

    private final Map<String, Integer> vocab;
    /** (left id, right id) packed in a long: {rank, merged id}. */
    private final Map<Long, int[]> merges;
    private final Integer unk;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final String prefix;
    private final String suffix;
    private final int[] byteTokens;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    BytePairModel(Map<String, Integer> vocab, Map<Long, int[]> merges, Integer unk, boolean fuseUnk,
                  boolean byteFallback, boolean ignoreMerges, String prefix, String suffix) {
        this.vocab = vocab;
        this.merges = merges;
        this.unk = unk;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.prefix = prefix;
        this.suffix = suffix;
        this.byteTokens = new int[256];
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = vocab.getOrDefault(String.format("<0x%02X>", b), -1);
        }
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    /** The ids of one pre-tokenised piece. */
    int[] tokenize(String piece) {
        if (piece.isEmpty()) {
            return new int[0];
        }
        if (ignoreMerges) {
            Integer whole = vocab.get(piece);
            if (whole != null) {
                return new int[] {whole};
            }
        }
        boolean cacheable = piece.length() <= CACHE_PIECE_LENGTH;
        if (cacheable) {
            int[] hit = cache.get(piece);
            if (hit != null) {
                return hit;
            }
        }
        int[] ids = merge(piece);
        if (cacheable) {
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(piece, ids);
        }
        return ids;
    }

    private int[] merge(String piece) {
        int[] codePoints = piece.codePoints().toArray();
        int capacity = codePoints.length * 4;
        int[] id = new int[capacity];
        int[] prev = new int[capacity];
        int[] next = new int[capacity];
        boolean[] alive = new boolean[capacity];
        int n = 0;
        boolean lastUnk = false;
        for (int i = 0; i < codePoints.length; i++) {
            String symbol = Character.toString(codePoints[i]);
            if (i > 0) {
                symbol = prefix + symbol;
            }
            if (i == codePoints.length - 1) {
                symbol = symbol + suffix;
            }
            Integer known = vocab.get(symbol);
            if (known != null) {
                id[n++] = known;
                lastUnk = false;
                continue;
            }
            if (byteFallback) {
                byte[] bytes = Character.toString(codePoints[i]).getBytes(StandardCharsets.UTF_8);
                boolean all = true;
                for (byte b : bytes) {
                    all &= byteTokens[b & 0xff] >= 0;
                }
                if (all) {
                    for (byte b : bytes) {
                        id[n++] = byteTokens[b & 0xff];
                    }
                    lastUnk = false;
                    continue;
                }
            }
            if (unk != null) {
                if (!(fuseUnk && lastUnk)) {
                    id[n++] = unk;
                }
                lastUnk = true;
            }
        }
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            alive[i] = true;
        }
        // queue entries: {rank, position, left id, right id, merged id}
        PriorityQueue<int[]> queue = new PriorityQueue<>(Math.max(1, n),
                (a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, i, id[i], id[i + 1]);
        }
        while (!queue.isEmpty()) {
            int[] top = queue.poll();
            int left = top[1];
            int right = next[left];
            if (!alive[left] || right < 0 || id[left] != top[2] || id[right] != top[3]) {
                continue;
            }
            id[left] = top[4];
            alive[right] = false;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offer(queue, prev[left], id[prev[left]], id[left]);
            }
            if (next[left] >= 0) {
                offer(queue, left, id[left], id[next[left]]);
            }
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (alive[i]) {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (alive[i]) {
                out[k++] = id[i];
            }
        }
        return out;
    }

    private void offer(PriorityQueue<int[]> queue, int position, int left, int right) {
        int[] merge = merges.get(key(left, right));
        if (merge != null) {
            queue.add(new int[] {merge[0], position, left, right, merge[1]});
        }
    }
}
