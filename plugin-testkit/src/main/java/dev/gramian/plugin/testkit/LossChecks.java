package dev.gramian.plugin.testkit;

import dev.gramian.api.algebra.DoubleAlgebra;
import dev.gramian.api.algebra.Dual;
import dev.gramian.api.algebra.DualAlgebra;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.objective.PairTerms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The contract of {@link MarginLoss}: finite values and exact derivatives at margins up to ±1e4, exact
 * derivatives that agree with central finite differences, only algebra operations, and no use of the
 * reference terms when {@code usesReference()} is false.
 */
final class LossChecks {
    /** Margins lw − ll where the loss must stay finite, the extremes of the {@link MarginLoss} contract. */
    static final double[] MARGINS = {-1e4, -1e3, -100, -10, -1, 0, 1, 10, 100, 1e3, 1e4};

    /** Golden inputs: lw, ll, ref lw, ref ll, len w, len l, like those of real models. */
    static final double[][] GOLDEN = {
            {-12.3, -14.1, -12.9, -13.2, 7, 9},
            {-40.2, -38.7, -41.0, -37.5, 20, 18},
            {-3.1, -9.8, -4.4, -8.0, 3, 6},
            {-75.5, -75.4, -70.1, -80.2, 31, 33},
            {-0.7, -1.9, -0.9, -1.2, 1, 2},
    };

    private LossChecks() {
    }

    static List<Finding> check(String subject, MarginLoss loss) {
        List<Finding> findings = new ArrayList<>();
        findings.add(opaque(subject, loss));
        findings.add(finite(subject, loss));
        findings.add(finiteDifferences(subject, loss));
        findings.add(reference(subject, loss));
        double scale = loss.rewardScale();
        findings.add(Double.isFinite(scale) && scale > 0
                ? Finding.pass(subject, "rewardScale() is positive and finite", "β = " + scale)
                : Finding.fail(subject, "rewardScale() is positive and finite", "rewardScale() = " + scale));
        return findings;
    }

    /** The inputs at one margin: ll = −|m| − 20 and lw = ll + m keep both log-probabilities negative. */
    static double[] atMargin(double m) {
        double ll = -Math.abs(m) - 20;
        return new double[] {ll + m, ll, ll - 1.5, ll + 0.5, 17, 23};
    }

    private static Finding finite(String subject, MarginLoss loss) {
        String check = "finite loss and derivatives at margins up to ±1e4";
        for (double m : MARGINS) {
            double[] x = atMargin(m);
            Dual value;
            try {
                value = evaluate(loss, x);
            } catch (RuntimeException e) {
                return Finding.fail(subject, check, "at margin " + fmt(m) + " " + inputs(x) + " it threw " + e);
            }
            if (!Double.isFinite(value.value()) || !Double.isFinite(value.derivative(0))
                    || !Double.isFinite(value.derivative(1))) {
                return Finding.fail(subject, check, "at margin " + fmt(m) + " " + inputs(x) + ": loss "
                        + value.value() + ", d/dlw " + value.derivative(0) + ", d/dll " + value.derivative(1)
                        + "; write log σ(x) as logSigmoid(x), log(1+e^x) as softplus(x), and rearrange"
                        + " products that overflow");
            }
        }
        return Finding.pass(subject, check, MARGINS.length + " margins");
    }

    private static Finding finiteDifferences(String subject, MarginLoss loss) {
        String check = "exact derivatives match finite differences";
        List<double[]> points = new ArrayList<>(List.of(GOLDEN));
        for (double m : MARGINS) {
            // Off round numbers, where options' defaults put the kinks of relu-like losses.
            points.add(atMargin(m * 1.0137 + 0.0731));
        }
        DoubleAlgebra doubles = DoubleAlgebra.INSTANCE;
        for (double[] x : points) {
            Dual exact;
            try {
                exact = evaluate(loss, x);
            } catch (RuntimeException e) {
                return Finding.fail(subject, check, inputs(x) + " threw " + e);
            }
            if (!Double.isFinite(exact.value())) {
                continue; // reported by the finiteness check
            }
            double plain = loss.loss(doubles, terms(x, x[0], x[1]));
            if (Math.abs(plain - exact.value()) > 1e-9 * (1 + Math.abs(plain))) {
                return Finding.fail(subject, check, inputs(x) + ": the loss on doubles is " + plain
                        + " but on dual numbers " + exact.value());
            }
            for (int v = 0; v < 2; v++) {
                double h = 1e-5 * Math.max(1, Math.abs(x[v]));
                double up = loss.loss(doubles, terms(x, x[0] + (v == 0 ? h : 0), x[1] + (v == 1 ? h : 0)));
                double down = loss.loss(doubles, terms(x, x[0] - (v == 0 ? h : 0), x[1] - (v == 1 ? h : 0)));
                double numeric = (up - down) / (2 * h);
                double analytic = exact.derivative(v);
                // At a kink within h the exact derivative is one of the one-sided slopes.
                if (!close(numeric, analytic) && !close((up - plain) / h, analytic)
                        && !close((plain - down) / h, analytic)) {
                    return Finding.fail(subject, check, inputs(x) + ": d/d" + (v == 0 ? "lw" : "ll") + " exact "
                            + analytic + ", finite difference " + numeric + "; use only algebra operations and"
                            + " no branches on values");
                }
            }
        }
        return Finding.pass(subject, check, points.size() + " inputs (" + GOLDEN.length + " golden)");
    }

    private static boolean close(double numeric, double analytic) {
        return Math.abs(numeric - analytic) <= 1e-4 * (1 + Math.abs(analytic));
    }

    private static Finding opaque(String subject, MarginLoss loss) {
        String check = "uses only algebra operations (runs on graph-like values)";
        try {
            Object result = loss.loss(OpaqueAlgebra.INSTANCE, new PairTerms<>(OpaqueAlgebra.INSTANCE.constant(-1),
                    OpaqueAlgebra.INSTANCE.constant(-2), OpaqueAlgebra.INSTANCE.constant(-1),
                    OpaqueAlgebra.INSTANCE.constant(-2), OpaqueAlgebra.INSTANCE.constant(3),
                    OpaqueAlgebra.INSTANCE.constant(4)));
            if (result == null) {
                return Finding.fail(subject, check, "loss(...) returned null");
            }
            return Finding.pass(subject, check, "");
        } catch (RuntimeException e) {
            return Finding.fail(subject, check, "on values it cannot inspect it threw " + e
                    + "; the same code must run on graph tensors, so use only the algebra's operations");
        }
    }

    private static Finding reference(String subject, MarginLoss loss) {
        String check = "reference terms ignored unless usesReference()";
        if (loss.usesReference()) {
            return Finding.pass(subject, check, "uses the reference");
        }
        DoubleAlgebra doubles = DoubleAlgebra.INSTANCE;
        for (double[] x : GOLDEN) {
            double with = loss.loss(doubles, terms(x, x[0], x[1]));
            double[] noReference = x.clone();
            noReference[2] = Double.NaN;
            noReference[3] = Double.NaN;
            double without = loss.loss(doubles, terms(noReference, x[0], x[1]));
            if (Double.compare(with, without) != 0) {
                return Finding.fail(subject, check, "usesReference() is false, but at " + inputs(x)
                        + " the loss is " + with + " with reference terms and " + without + " with NaN ones");
            }
        }
        return Finding.pass(subject, check, "reference-free");
    }

    static Dual evaluate(MarginLoss loss, double[] x) {
        DualAlgebra duals = new DualAlgebra(2);
        return loss.loss(duals, new PairTerms<>(duals.variable(0, x[0]), duals.variable(1, x[1]),
                duals.constant(x[2]), duals.constant(x[3]), duals.constant(x[4]), duals.constant(x[5])));
    }

    private static PairTerms<Double> terms(double[] x, double lw, double ll) {
        return new PairTerms<>(lw, ll, x[2], x[3], x[4], x[5]);
    }

    private static String inputs(double[] x) {
        return String.format(Locale.ROOT, "(lw %s, ll %s, ref lw %s, ref ll %s, len %s/%s)",
                fmt(x[0]), fmt(x[1]), fmt(x[2]), fmt(x[3]), fmt(x[4]), fmt(x[5]));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
