package dev.gramian.objectives.fish.rule;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static dev.gramian.objectives.fish.rule.QuadraticDomainLearner.add;
import static dev.gramian.objectives.fish.rule.QuadraticDomainLearner.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FishSmoothRuleTest {
    private static final double[] THETA = {0.1, -0.6, 0.3, 0.2};

    @Test
    void gammaZeroIsErm() {
        var domains = QuadraticProblems.random(3, THETA.length, 31);
        var smooth = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()));
        var erm = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()));
        new FishSmoothRule(0, 0).step(smooth, new QuadraticDomainLearner.PlainSgd(), 0.1, 0);
        new ErmRule().step(erm, new QuadraticDomainLearner.PlainSgd(), 0.1, 0);
        assertArrayEquals(erm.flatten(erm.parameters()), smooth.flatten(smooth.parameters()), 1e-15);
    }

    @Test
    void gammaOneStepsAlongMeanGradientOfTheInnerPath() {
        var domains = QuadraticProblems.random(2, THETA.length, 32);
        double alpha = 0.2;
        double eta = 0.1;
        // The two possible orders give two possible Fish gradients, worked out by hand.
        double[][] candidates = new double[2][];
        for (int first = 0; first < 2; first++) {
            var a = domains.get(first);
            var b = domains.get(1 - first);
            double[] ga = a.gradient(THETA);
            double[] gb = b.gradient(add(THETA, scaled(ga, -alpha)));
            candidates[first] = add(THETA, scaled(add(ga, gb), -eta / 2));
        }
        var learner = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()));
        Set<Integer> seen = new HashSet<>();
        for (int step = 0; step < 8; step++) {
            learner.parameters().copyFrom(QuadraticProblems.parameters(THETA.clone()));
            new FishSmoothRule(1, alpha).step(learner, new QuadraticDomainLearner.PlainSgd(), eta, step);
            double[] got = learner.flatten(learner.parameters());
            int match = close(got, candidates[0]) ? 0 : close(got, candidates[1]) ? 1 : -1;
            assertTrue(match >= 0, "step matches neither order");
            seen.add(match);
        }
        assertEquals(Set.of(0, 1), seen, "both orders should occur");
    }

    private static boolean close(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i] - y[i]) > 1e-14) {
                return false;
            }
        }
        return true;
    }
}
