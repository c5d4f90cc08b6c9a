package dev.gramian.objectives.fish.rule;

import dev.gramian.api.plugin.Options;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gramian.objectives.fish.rule.QuadraticDomainLearner.dot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class IdgmRuleTest {
    private static final double[] THETA = {0.2, 0.7, -0.3, 0.4, 0.1};

    /** F(θ) = L_erm − γ·GIP from losses and first derivatives only. */
    private static double objective(List<QuadraticDomainLearner.Quadratic> domains, double gamma, double[] theta) {
        int s = domains.size();
        double value = 0;
        for (var q : domains) {
            value += q.loss(theta) / s;
        }
        double sum = 0;
        for (int i = 0; i < s; i++) {
            for (int j = i + 1; j < s; j++) {
                sum += dot(domains.get(i).gradient(theta), domains.get(j).gradient(theta));
            }
        }
        return value - gamma * 2 * sum / (s * (s - 1.0));
    }

    @Test
    void stepFollowsFiniteDifferenceGradientOfPenalisedObjective() {
        var domains = QuadraticProblems.random(3, THETA.length, 21);
        double gamma = 0.3;
        var provider = new IdgmRuleProvider();
        var rule = provider.create(Options.resolve(provider.info(), Map.of("gamma", "0.3")));
        var learner = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(THETA.clone()));
        double eta = 0.05;
        double loss = rule.step(learner, new QuadraticDomainLearner.PlainSgd(), eta, 0);
        assertEquals(objective(domains, gamma, THETA), loss, 1e-12);

        double[] expected = new double[THETA.length];
        double h = 1e-5;
        for (int i = 0; i < THETA.length; i++) {
            double[] up = THETA.clone();
            double[] down = THETA.clone();
            up[i] += h;
            down[i] -= h;
            double derivative = (objective(domains, gamma, up) - objective(domains, gamma, down)) / (2 * h);
            expected[i] = THETA[i] - eta * derivative;
        }
        assertArrayEquals(expected, learner.flatten(learner.parameters()), 1e-8);
    }
}
