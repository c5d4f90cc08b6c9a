package dev.gramian.objectives.fish.rule;

import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class AndMaskRuleTest {

    /** Linear losses L_d = b_d·θ: constant gradients b_d, chosen so the masks can be worked out by hand. */
    private static QuadraticDomainLearner learner() {
        double[][] zero = new double[4][4];
        double[] c = new double[4];
        var domains = List.of(
                new QuadraticDomainLearner.Quadratic(zero, c, new double[] {1, -2, 3, 0.5}),
                new QuadraticDomainLearner.Quadratic(zero, c, new double[] {2, 1, 1, -0.5}),
                new QuadraticDomainLearner.Quadratic(zero, c, new double[] {3, -1, 2, 0.5}));
        // Two arrays of two elements, so rescaling acts on each array separately.
        var parameters = new ParameterSet(List.of(
                new ParameterSet.Parameter("w", new int[] {2}, new double[2]),
                new ParameterSet.Parameter("bias", new int[] {2}, new double[2])));
        return new QuadraticDomainLearner(domains, parameters);
    }

    @ParameterizedTest
    @CsvSource({
            // τ, rescale, expected step direction (θ after one SGD step of size 1 is its negation)
            "1.0, false, 2, 0, 2, 0",
            // each array keeps 1 of 2 elements, so the kept mean doubles
            "1.0, true, 4, 0, 4, 0",
            // |mean sign| is 1/3 where two of three agree: τ = 1/3 keeps everything
            "0.33, false, 2, -0.6666666666666666, 2, 0.16666666666666666",
            "0.34, true, 4, 0, 4, 0",
            "0.0, true, 2, -0.6666666666666666, 2, 0.16666666666666666",
    })
    void masksElementsWhereDomainsDisagree(double tau, boolean rescale, double m0, double m1, double m2, double m3) {
        var provider = new AndMaskRuleProvider();
        var rule = provider.create(Options.resolve(provider.info(),
                Map.of("tau", Double.toString(tau), "rescale", Boolean.toString(rescale))));
        var learner = learner();
        rule.step(learner, new QuadraticDomainLearner.PlainSgd(), 1.0, 0);
        assertArrayEquals(new double[] {-m0, -m1, -m2, -m3}, learner.flatten(learner.parameters()), 1e-15);
    }

    @Test
    void nothingKeptLeavesParametersUnchanged() {
        double[][] zero = new double[2][2];
        var domains = List.of(
                new QuadraticDomainLearner.Quadratic(zero, new double[2], new double[] {1, -1}),
                new QuadraticDomainLearner.Quadratic(zero, new double[2], new double[] {-1, 1}));
        var learner = new QuadraticDomainLearner(domains, QuadraticProblems.parameters(0.5, 0.5));
        new AndMaskRule(0.5, true).step(learner, new QuadraticDomainLearner.PlainSgd(), 1.0, 0);
        assertArrayEquals(new double[] {0.5, 0.5}, learner.flatten(learner.parameters()), 0);
    }
}
