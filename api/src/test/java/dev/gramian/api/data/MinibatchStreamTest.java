package dev.gramian.api.data;

import dev.gramian.api.model.LabeledBatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MinibatchStreamTest {

    /** Ten examples of shape [2] whose features are (i, −i) and whose label is i. */
    private static DenseExampleSet tenExamples() {
        float[] x = new float[20];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i;
        }
        return new DenseExampleSet(x, y, new int[] {2});
    }

    @Test
    void eachEpochIsAPermutationWithoutTheRemainder() {
        var stream = new MinibatchStream(tenExamples(), 3, 5);
        List<Integer> firstEpoch = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            LabeledBatch batch = stream.next();
            for (int i = 0; i < batch.size(); i++) {
                assertEquals(batch.labels()[i], batch.features()[2 * i], "features travel with their label");
                assertEquals(-batch.labels()[i], batch.features()[2 * i + 1]);
                firstEpoch.add(batch.labels()[i]);
            }
        }
        assertEquals(9, firstEpoch.stream().distinct().count(), "no example twice within an epoch");
        assertEquals(3, stream.position());
    }

    @Test
    void sameSeedSameBatchesAndPositionResumes() {
        var a = new MinibatchStream(tenExamples(), 4, 9);
        var b = new MinibatchStream(tenExamples(), 4, 9);
        List<int[]> labels = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            int[] next = a.next().labels();
            assertArrayEquals(next, b.next().labels());
            labels.add(next);
        }
        var resumed = new MinibatchStream(tenExamples(), 4, 9, 5);
        assertArrayEquals(labels.get(5), resumed.next().labels());
        assertArrayEquals(labels.get(6), resumed.next().labels());
        var other = new MinibatchStream(tenExamples(), 4, 10);
        assertNotEquals(Arrays.toString(labels.get(0)) + Arrays.toString(labels.get(1)),
                Arrays.toString(other.next().labels()) + Arrays.toString(other.next().labels()));
    }

    @Test
    void batchLargerThanSetGivesWholeSet() {
        var stream = new MinibatchStream(tenExamples(), 64, 1);
        assertEquals(10, stream.next().size());
        assertEquals(10, stream.batchSize());
    }

    @Test
    void rejectsInconsistentShapes() {
        assertThrows(IllegalArgumentException.class, () -> new DenseExampleSet(new float[5], new int[2], new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> new MinibatchStream(tenExamples(), 0, 1));
    }
}
