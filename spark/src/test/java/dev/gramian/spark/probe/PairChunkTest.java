package dev.gramian.spark.probe;

import dev.gramian.api.model.Sequence;
import dev.gramian.objectives.margin.data.EncodedPair;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The audit's pairs go out in runs that start at batch boundaries, cover every pair once, in order. */
class PairChunkTest {

    private static List<EncodedPair> pairs(int n) {
        List<EncodedPair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pairs.add(new EncodedPair(new Sequence(new int[]{1, 2, i + 3}, 2), new Sequence(new int[]{1, i + 4, 5, 6}, 1)));
        }
        return pairs;
    }

    @Test
    void aRunStartsAGramBatchAndAScoringBatch() {
        assertEquals(16, DistributedAudit.unit(16), "scoring takes max(8, 16) = 16 pairs");
        assertEquals(8, DistributedAudit.unit(4), "two Gram batches of 4, one scoring batch of 8");
        assertEquals(24, DistributedAudit.unit(3));
        assertEquals(12, DistributedAudit.unit(12));
    }

    @Test
    void chunksCoverEveryPairOnceInOrderAtBatchBoundaries() {
        List<EncodedPair> pairs = pairs(50);
        List<PairChunk> chunks = DistributedAudit.chunks(pairs, 8, 3);
        assertEquals(List.of(0, 24, 48), chunks.stream().map(PairChunk::first).toList());
        List<EncodedPair> joined = new ArrayList<>();
        chunks.forEach(chunk -> joined.addAll(chunk.pairs()));
        assertEquals(pairs, joined, "the pairs survive packing, in order");
        assertEquals(1, DistributedAudit.chunks(pairs(5), 8, 4).size(), "fewer pairs than a batch: one task");
        assertEquals(7, DistributedAudit.chunks(pairs, 8, 100).size(), "never more tasks than batches");
    }
}
