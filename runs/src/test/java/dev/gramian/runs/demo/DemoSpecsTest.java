package dev.gramian.runs.demo;

import dev.gramian.api.GramianException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the demos reject before they write anything. */
class DemoSpecsTest {
    @Test
    void theStudyNeedsAProbeIntervalAndAProbeSet() {
        for (int[] bad : new int[][]{{0, 16}, {10, 0}}) {
            GramianException error = assertThrows(GramianException.class,
                    () -> new EntanglementStudySpec(20, 2, 2, 0.005, bad[0], bad[1], 1));
            assertEquals(GramianException.Category.USAGE, error.category());
            assertEquals("--probe-every and --probe-pairs must be at least 1", error.getMessage());
        }
        assertEquals(16, new EntanglementStudySpec(20, 2, 2, 0.005, 10, 16, 1).probePairs());
    }

    @Test
    void theFishDemoNeedsTwoDomainsPerRunAndKeepsItsOwnCopyOfThem() {
        GramianException error = assertThrows(GramianException.class,
                () -> new FishDemoSpec(List.of(5, 1), 10, 16, 100, 1));
        assertEquals(GramianException.Category.USAGE, error.category());
        assertEquals("--domains must all be at least 2 (GIP needs two domains), got [5, 1]", error.getMessage());
        List<Integer> domains = new ArrayList<>(List.of(2, 3));
        FishDemoSpec spec = new FishDemoSpec(domains, 10, 16, 100, 1);
        domains.add(1);
        assertEquals(List.of(2, 3), spec.domains());
    }
}
