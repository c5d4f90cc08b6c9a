package dev.gramian.objectives.fish.rule;

import dev.gramian.api.domain.DomainLearner;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A learner whose domain losses are quadratics {@code L_d(θ) = ½(θ−c_d)ᵀA_d(θ−c_d) + b_d·θ} over
 * the flattened parameters, so gradients {@code A_d(θ−c_d) + b_d} and Hessians {@code A_d} are
 * exact. Domain {@code d} as the rule sees it is quadratic {@code relabel[d]}, which lets a test
 * run Fish's fixed order as any permutation of the domains.
 */
class QuadraticDomainLearner implements DomainLearner {

    /** One domain's quadratic. */
    record Quadratic(double[][] a, double[] c, double[] b) {
        double loss(double[] theta) {
            double[] r = residual(theta);
            double value = 0;
            for (int i = 0; i < r.length; i++) {
                for (int j = 0; j < r.length; j++) {
                    value += 0.5 * r[i] * a[i][j] * r[j];
                }
                value += b[i] * theta[i];
            }
            return value;
        }

        double[] gradient(double[] theta) {
            return add(times(a, residual(theta)), b);
        }

        private double[] residual(double[] theta) {
            double[] r = new double[theta.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = theta[i] - c[i];
            }
            return r;
        }
    }

    private final List<Quadratic> domains;
    private final ParameterSet parameters;
    private final int[] relabel;
    private final RandomGenerator random;
    final List<Integer> visited = new ArrayList<>();

    QuadraticDomainLearner(List<Quadratic> domains, ParameterSet parameters, int[] relabel, long seed) {
        this.domains = domains;
        this.parameters = parameters;
        this.relabel = relabel.clone();
        this.random = new SplittableRandom(seed);
    }

    QuadraticDomainLearner(List<Quadratic> domains, ParameterSet parameters) {
        this(domains, parameters, identity(domains.size()), 7);
    }

    @Override
    public int domainCount() {
        return domains.size();
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public LossGradient lossAndGradient(int domain) {
        visited.add(relabel[domain]);
        Quadratic q = domains.get(relabel[domain]);
        double[] theta = flatten(parameters);
        return new LossGradient(q.loss(theta), unflatten(q.gradient(theta)));
    }

    @Override
    public LossGradient gipPenalizedLossAndGradient(double gamma) {
        double[] theta = flatten(parameters);
        int s = domains.size();
        double[][] g = new double[s][];
        double loss = 0;
        double[] gradient = new double[theta.length];
        for (int d = 0; d < s; d++) {
            g[d] = domains.get(d).gradient(theta);
            loss += domains.get(d).loss(theta) / s;
            gradient = add(gradient, scaled(g[d], 1.0 / s));
        }
        double pairs = s * (s - 1) / 2.0;
        for (int i = 0; i < s; i++) {
            for (int j = i + 1; j < s; j++) {
                loss -= gamma * dot(g[i], g[j]) / pairs;
                double[] d = add(times(domains.get(i).a(), g[j]), times(domains.get(j).a(), g[i]));
                gradient = add(gradient, scaled(d, -gamma / pairs));
            }
        }
        return new LossGradient(loss, unflatten(gradient));
    }

    @Override
    public Optimizer newOptimizer(String id, Map<String, String> options) {
        if (!id.equals("sgd") || !options.isEmpty()) {
            throw new IllegalArgumentException("test learner has only sgd with its defaults, asked for " + id + " "
                    + options);
        }
        return new PlainSgd();
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    double[] flatten(ParameterSet set) {
        double[] flat = new double[(int) set.size()];
        int offset = 0;
        for (ParameterSet.Parameter p : set.parameters()) {
            System.arraycopy(p.values(), 0, flat, offset, p.values().length);
            offset += p.values().length;
        }
        return flat;
    }

    ParameterSet unflatten(double[] flat) {
        ParameterSet set = parameters.zerosLike();
        int offset = 0;
        for (ParameterSet.Parameter p : set.parameters()) {
            System.arraycopy(flat, offset, p.values(), 0, p.values().length);
            offset += p.values().length;
        }
        return set;
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    static double[] times(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < x.length; j++) {
                y[i] += a[i][j] * x[j];
            }
        }
        return y;
    }

    static double[] add(double[] x, double[] y) {
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    static double[] scaled(double[] x, double factor) {
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = x[i] * factor;
        }
        return z;
    }

    static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }

    /** θ ← θ − η g, with no state. */
    static final class PlainSgd implements Optimizer {
        private long steps;

        @Override
        public void step(ParameterSet parameters, ParameterSet gradient, double learningRate) {
            parameters.addScaled(gradient, -learningRate);
            steps++;
        }

        @Override
        public OptimizerState state() {
            return new OptimizerState(steps, Map.of());
        }

        @Override
        public void restore(OptimizerState state) {
            steps = state.steps();
        }
    }
}
