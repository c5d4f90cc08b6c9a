package dev.gramian.objectives.margin.align;

import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScheduleAndOrderTest {
    @Test
    void warmupThenDecay() {
        var linear = new LearningRateSchedule(1.0, LearningRateSchedule.Shape.LINEAR, 4, 14);
        assertEquals(0.25, linear.at(0), 1e-15);
        assertEquals(1.0, linear.at(3), 1e-15);
        assertEquals(1.0, linear.at(4), 1e-15);
        assertEquals(0.5, linear.at(9), 1e-15);
        var cosine = new LearningRateSchedule(2.0, LearningRateSchedule.Shape.COSINE, 0, 10);
        assertEquals(2.0, cosine.at(0), 1e-15);
        assertEquals(1.0, cosine.at(5), 1e-12);
        assertEquals(0.3, new LearningRateSchedule(0.3, LearningRateSchedule.Shape.CONSTANT, 0, 5).at(4));
        assertThrows(GramianException.class, () -> new LearningRateSchedule(-1, LearningRateSchedule.Shape.LINEAR, 0, 5));
        assertThrows(GramianException.class, () -> LearningRateSchedule.Shape.parse("step"));
    }

    @Test
    void everyEpochVisitsEveryExampleOnceAndStepsAreReproducible() {
        BatchOrder order = new BatchOrder(10, 5, 42);
        int[] seen = new int[10];
        for (int step = 0; step < 2; step++) {
            for (int i : order.batch(step)) {
                seen[i]++;
            }
        }
        int[] ones = new int[10];
        Arrays.fill(ones, 1);
        assertArrayEquals(ones, seen);
        // a fresh order (as after --resume) gives the same batch for the same step
        assertArrayEquals(order.batch(7), new BatchOrder(10, 5, 42).batch(7));
    }
}
