package dev.gramian.objectives.fish.rule;

import dev.gramian.api.GramianException;
import dev.gramian.api.domain.DomainRule;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.Options;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.gramian.objectives.fish.rule.QuadraticDomainLearner.add;
import static dev.gramian.objectives.fish.rule.QuadraticDomainLearner.dot;
import static dev.gramian.objectives.fish.rule.QuadraticDomainLearner.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FishRuleTest {
    private static final double[] THETA = {0.3, -0.2, 0.5, 0.1, -0.4};

    private static DomainRule fish(Map<String, String> options) {
        FishRuleProvider provider = new FishRuleProvider();
        return provider.create(Options.resolve(provider.info(), options));
    }

    private static DomainRule sgdFish(double metaLr, String order) {
        return fish(Map.of("meta_lr", Double.toString(metaLr), "inner_optimizer", "sgd",
                "persist_inner_state", "false", "order", order));
    }

    @Test
    void oneDomainWithFullMetaStepIsPlainSgd() {
        var domains = QuadraticProblems.random(1, THETA.length, 11);
        var learner = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()));
        DomainRule rule = sgdFish(1.0, "random");
        double[] expected = THETA.clone();
        double eta = 0.07;
        for (int step = 0; step < 4; step++) {
            rule.step(learner, new QuadraticDomainLearner.PlainSgd(), eta, step);
            expected = add(expected, scaled(domains.get(0).gradient(expected), -eta));
        }
        assertArrayEquals(expected, learner.flatten(learner.parameters()), 1e-14);
    }

    @Test
    void metaStepMovesFractionEpsilonOfTheInnerDisplacement() {
        var domains = QuadraticProblems.random(2, THETA.length, 12);
        var full = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()));
        var half = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()));
        sgdFish(1.0, "fixed").step(full, null, 0.1, 0);
        sgdFish(0.25, "fixed").step(half, null, 0.1, 0);
        double[] expected = add(THETA, scaled(add(full.flatten(full.parameters()), scaled(THETA, -1)), 0.25));
        assertArrayEquals(expected, half.flatten(half.parameters()), 1e-14);
    }

    /**
     * Averaged over all S! orders, Fish's displacement with SGD inside is −αS∇[L_erm − (α(S−1)/4)·GIP]
     * up to O(α³): halving α must divide the error by about 8. A wrong GIP coefficient would leave
     * an O(α²) error, which halving divides by only 4.
     */
    @Test
    void orderAveragedDisplacementFollowsIdgmToThirdOrder() {
        int s = 3;
        var domains = QuadraticProblems.random(s, THETA.length, 13);
        double alpha = 0.02;
        double coarse = displacementError(domains, alpha, 0.25);
        double fine = displacementError(domains, alpha / 2, 0.25);
        assertEquals(8.0, coarse / fine, 0.4, "error ratio when α halves");
        double wrongCoarse = displacementError(domains, alpha, 0.5);
        double wrongFine = displacementError(domains, alpha / 2, 0.5);
        assertEquals(4.0, wrongCoarse / wrongFine, 0.4, "with a wrong GIP coefficient the error is second order");
        assertTrue(fine < 1e-3 * Math.sqrt(dot(fishMean(domains, alpha / 2), fishMean(domains, alpha / 2))));
    }

    private static double displacementError(List<QuadraticDomainLearner.Quadratic> domains, double alpha,
                                            double coefficient) {
        int s = domains.size();
        double[] mean = fishMean(domains, alpha);
        // ∇L_erm analytically; ∇GIP by central differences of GIP (a quadratic, so they are exact).
        double[] ermGradient = new double[THETA.length];
        for (var q : domains) {
            ermGradient = add(ermGradient, scaled(q.gradient(THETA), 1.0 / s));
        }
        double[] gipGradient = new double[THETA.length];
        double h = 1e-3;
        for (int i = 0; i < THETA.length; i++) {
            double[] up = THETA.clone();
            double[] down = THETA.clone();
            up[i] += h;
            down[i] -= h;
            gipGradient[i] = (gip(domains, up) - gip(domains, down)) / (2 * h);
        }
        double[] predicted = scaled(add(ermGradient, scaled(gipGradient, -coefficient * alpha * (s - 1))), -alpha * s);
        double[] error = add(mean, scaled(predicted, -1));
        return Math.sqrt(dot(error, error));
    }

    private static double[] fishMean(List<QuadraticDomainLearner.Quadratic> domains, double alpha) {
        List<int[]> orders = permutations(QuadraticDomainLearner.identity(domains.size()), 0, new ArrayList<>());
        double[] mean = new double[THETA.length];
        for (int[] order : orders) {
            var learner = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()), order, 1);
            sgdFish(1.0, "fixed").step(learner, null, alpha, 0);
            mean = add(mean, scaled(add(learner.flatten(learner.parameters()), scaled(THETA, -1)), 1.0 / orders.size()));
        }
        return mean;
    }

    private static double gip(List<QuadraticDomainLearner.Quadratic> domains, double[] theta) {
        int s = domains.size();
        double sum = 0;
        for (int i = 0; i < s; i++) {
            for (int j = i + 1; j < s; j++) {
                sum += dot(domains.get(i).gradient(theta), domains.get(j).gradient(theta));
            }
        }
        return 2 * sum / (s * (s - 1.0));
    }

    private static List<int[]> permutations(int[] items, int from, List<int[]> out) {
        if (from == items.length) {
            out.add(items.clone());
            return out;
        }
        for (int i = from; i < items.length; i++) {
            int[] next = items.clone();
            int t = next[from];
            next[from] = next[i];
            next[i] = t;
            permutations(next, from + 1, out);
        }
        return out;
    }

    @Test
    void fixedOrderWithFewerDomainsPerStepCyclesThroughAll() {
        var domains = QuadraticProblems.random(3, THETA.length, 14);
        var learner = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()));
        DomainRule rule = fish(Map.of("inner_optimizer", "sgd", "order", "fixed", "domains_per_step", "2"));
        for (int step = 0; step < 3; step++) {
            rule.step(learner, null, 0.01, step);
        }
        assertEquals(List.of(0, 1, 2, 0, 1, 2), learner.visited);
    }

    @Test
    void randomOrderVisitsEveryDomainOncePerStepInVaryingOrder() {
        var domains = QuadraticProblems.random(4, THETA.length, 15);
        var learner = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()));
        DomainRule rule = fish(Map.of("inner_optimizer", "sgd"));
        List<List<Integer>> orders = new ArrayList<>();
        for (int step = 0; step < 6; step++) {
            learner.visited.clear();
            rule.step(learner, null, 0.01, step);
            assertEquals(List.of(0, 1, 2, 3), learner.visited.stream().sorted().toList());
            orders.add(List.copyOf(learner.visited));
        }
        assertTrue(orders.stream().distinct().count() > 1, "orders should vary: " + orders);
    }

    @Test
    void warmupStepsAreErmWithTheOuterOptimiser() {
        var domains = QuadraticProblems.random(2, THETA.length, 16);
        var learner = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()));
        DomainRule rule = fish(Map.of("inner_optimizer", "sgd", "warmup_steps", "1"));
        rule.step(learner, new QuadraticDomainLearner.PlainSgd(), 0.1, 0);
        double[] mean = scaled(add(domains.get(0).gradient(THETA), domains.get(1).gradient(THETA)), 0.5);
        assertArrayEquals(add(THETA, scaled(mean, -0.1)), learner.flatten(learner.parameters()), 1e-14);
    }

    @Test
    void persistentInnerOptimiserIsCreatedOnce() {
        var domains = QuadraticProblems.random(2, THETA.length, 17);
        int[] created = {0};
        var learner = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone())) {
            @Override
            public Optimizer newOptimizer(String id, Map<String, String> options) {
                created[0]++;
                return super.newOptimizer(id, options);
            }
        };
        DomainRule kept = fish(Map.of("inner_optimizer", "sgd", "persist_inner_state", "true"));
        DomainRule fresh = fish(Map.of("inner_optimizer", "sgd", "persist_inner_state", "false"));
        for (int step = 0; step < 3; step++) {
            kept.step(learner, null, 0.01, step);
        }
        assertEquals(1, created[0]);
        for (int step = 0; step < 3; step++) {
            fresh.step(learner, null, 0.01, step);
        }
        assertEquals(4, created[0]);
    }

    @Test
    void innerAmsgradIsAnOptionOfTheInnerAdam() {
        var domains = QuadraticProblems.random(2, THETA.length, 19);
        List<String> asked = new ArrayList<>();
        var learner = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone())) {
            @Override
            public Optimizer newOptimizer(String id, Map<String, String> options) {
                asked.add(id + " " + options);
                return super.newOptimizer("sgd", Map.of());
            }
        };
        fish(Map.of("inner_amsgrad", "true")).step(learner, null, 0.01, 0);
        fish(Map.of()).step(learner, null, 0.01, 0);
        assertEquals(List.of("adam {amsgrad=true}", "adam {}"), asked);
        GramianException refused = assertThrows(GramianException.class,
                () -> fish(Map.of("inner_optimizer", "sgd", "inner_amsgrad", "true")));
        assertEquals("domain rule 'fish': inner_amsgrad=true needs inner_optimizer=adam, not sgd", refused.getMessage());
    }

    @Test
    void returnsMeanInnerLoss() {
        var domains = QuadraticProblems.random(1, THETA.length, 18);
        var learner = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()));
        double loss = sgdFish(0.5, "fixed").step(learner, null, 0.01, 0);
        assertEquals(domains.get(0).loss(THETA), loss, 1e-15);
        ParameterSet unchangedLayout = learner.parameters();
        assertEquals(List.of("w", "bias"), unchangedLayout.names());
    }
}
