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
                () -> fish(List.of(5, 1), 96000));
        assertEquals(GramianException.Category.USAGE, error.category());
        assertEquals("--domains must all be at least 2 (GIP needs two domains), got [5, 1]", error.getMessage());
        List<Integer> domains = new ArrayList<>(List.of(2, 3));
        FishDemoSpec spec = fish(domains, 96000);
        domains.add(1);
        assertEquals(List.of(2, 3), spec.domains());
        assertThrows(GramianException.class, () -> fish(List.of(5), 0));
    }

    @Test
    void theFishDemoGivesEveryRunTheSameExamples() {
        FishDemoSpec spec = fish(List.of(5, 15), 96000);
        // ERM: ceil(64 / N) examples per domain a step; Fish: 16 per domain and inner step.
        assertEquals(13, spec.batchPerDomain("erm", 5));
        assertEquals(5, spec.batchPerDomain("erm", 15));
        assertEquals(16, spec.batchPerDomain("fish", 15));
        assertEquals(96000 / 65, spec.steps("erm", 5));
        assertEquals(96000 / 75, spec.steps("erm", 15));
        assertEquals(96000 / 80, spec.steps("fish", 5));
        assertEquals(400, spec.steps("fish", 15));
    }

    private static FishDemoSpec fish(List<Integer> domains, long examples) {
        return new FishDemoSpec(domains, List.of("erm", "fish"), 32, 1000, examples, 64, 16, 1e-3, 0.15, 10, 32, 1);
    }
}
