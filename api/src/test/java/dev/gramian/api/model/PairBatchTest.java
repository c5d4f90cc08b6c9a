package dev.gramian.api.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A batch of pairs and a sequence are values: copied in and out, equal by content. */
class PairBatchTest {
    private static final Sequence W = new Sequence(new int[]{0, 5, 6}, 1);
    private static final Sequence L = new Sequence(new int[]{0, 5, 7}, 1);

    @Test
    void theCallersArraysAndListsCannotChangeIt() {
        double[] refChosen = {-1.5};
        double[] refRejected = {-2.5};
        List<Sequence> chosen = new ArrayList<>(List.of(W));
        PairBatch batch = new PairBatch(chosen, List.of(L), refChosen, refRejected);
        refChosen[0] = 99;
        chosen.add(L);
        batch.refRejected()[0] = 99;
        assertEquals(1, batch.size());
        assertArrayEquals(new double[]{-1.5}, batch.refChosen());
        assertArrayEquals(new double[]{-2.5}, batch.refRejected());
        assertEquals(List.of(W, L), batch.sequences());
    }

    @Test
    void equalContentIsEqual() {
        PairBatch a = new PairBatch(List.of(W), List.of(L), new double[]{-1}, new double[]{-2});
        PairBatch b = new PairBatch(List.of(new Sequence(new int[]{0, 5, 6}, 1)), List.of(L), new double[]{-1},
                new double[]{-2});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new PairBatch(List.of(W), List.of(L), new double[]{-1}, new double[]{-3}));
        assertEquals(PairBatch.withoutReference(List.of(W), List.of(L)),
                new PairBatch(List.of(W), List.of(L), new double[1], new double[1]));
    }

    @Test
    void everyPairNeedsBothResponsesAndBothReferences() {
        assertThrows(IllegalArgumentException.class,
                () -> new PairBatch(List.of(W, W), List.of(L), new double[2], new double[2]));
        assertThrows(IllegalArgumentException.class,
                () -> new PairBatch(List.of(W), List.of(L), new double[2], new double[1]));
    }

    @Test
    void aSequenceKeepsItsOwnTokens() {
        int[] tokens = {0, 5, 6};
        Sequence sequence = new Sequence(tokens, 1);
        tokens[2] = 9;
        sequence.tokens()[1] = 9;
        assertArrayEquals(new int[]{0, 5, 6}, sequence.tokens());
        assertEquals(6, sequence.token(2));
        assertEquals(3, sequence.length());
        assertEquals(W, sequence);
        assertNotEquals(W, new Sequence(new int[]{0, 5, 6}, 2));
    }
}
