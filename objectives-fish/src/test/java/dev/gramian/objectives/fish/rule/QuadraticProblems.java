package dev.gramian.objectives.fish.rule;

import dev.gramian.api.param.ParameterSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Random well-conditioned quadratic domains and a two-array parameter layout for the rule tests. */
final class QuadraticProblems {
    private QuadraticProblems() {
    }

    /** {@code count} domains over {@code dim} parameters: A = MᵀM/dim + I/2, c and b uniform in [−1, 1]. */
    static List<QuadraticDomainLearner.Quadratic> random(int count, int dim, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<QuadraticDomainLearner.Quadratic> domains = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            double[][] m = new double[dim][dim];
            for (double[] row : m) {
                for (int j = 0; j < dim; j++) {
                    row[j] = random.nextDouble(-1, 1);
                }
            }
            double[][] a = new double[dim][dim];
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    for (int k = 0; k < dim; k++) {
                        a[i][j] += m[k][i] * m[k][j] / dim;
                    }
                }
                a[i][i] += 0.5;
            }
            double[] c = new double[dim];
            double[] b = new double[dim];
            for (int i = 0; i < dim; i++) {
                c[i] = random.nextDouble(-1, 1);
                b[i] = random.nextDouble(-1, 1);
            }
            domains.add(new QuadraticDomainLearner.Quadratic(a, c, b));
        }
        return domains;
    }

    /** Parameters "w" (the first up to 4 of {@code values}) and "bias" (the rest): two arrays, as a model has. */
    static ParameterSet parameters(double... values) {
        int first = Math.min(4, values.length);
        double[] w = Arrays.copyOfRange(values, 0, first);
        double[] bias = Arrays.copyOfRange(values, first, values.length);
        return new ParameterSet(List.of(new ParameterSet.Parameter("w", new int[] {w.length}, w),
                new ParameterSet.Parameter("bias", new int[] {bias.length}, bias)));
    }
}
