package dev.gramian.runs.demo;

import dev.gramian.objectives.fish.train.DgEvaluation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo's second model selection: DomainBed's training-domain validation. */
class FishDemoSelectionTest {

    @Test
    void trainingDomainValidationTakesTheBestMeanOverTheDomainsNotTheValidationDomain() {
        List<DgEvaluation> evaluations = List.of(
                evaluation(10, 0.9, 0.5, 0.95),
                evaluation(20, 0.7, 1.0, 0.60),  // best mean (0.85), while the validation domain prefers step 10
                evaluation(30, 1.0, 0.6, 0.50));
        DgEvaluation selected = FishDemoRunner.selectedOnTrainingDomains(evaluations);
        assertEquals(20, selected.step());
        assertEquals(0.60, selected.testAccuracy());
    }

    @Test
    void amongTiesTheEarliestEvaluationIsSelected() {
        List<DgEvaluation> evaluations = List.of(
                evaluation(10, 0.5, 0.5, 0.70),
                evaluation(20, 1.0, 1.0, 0.55),
                evaluation(30, 1.0, 1.0, 0.49));
        assertEquals(20, FishDemoRunner.selectedOnTrainingDomains(evaluations).step());
    }

    private static DgEvaluation evaluation(long step, double first, double second, double test) {
        return new DgEvaluation(step, 0.1, Map.of("domain-0", first, "domain-1", second), 1 - test, test, 0, 0);
    }
}
