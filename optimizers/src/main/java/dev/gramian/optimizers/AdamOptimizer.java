package dev.gramian.optimizers;

import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;

import java.util.List;
import java.util.Objects;

/**
 * Adam (Kingma and Ba, 2015) and AdamW (Loshchilov and Hutter, 2019), which differ only in where
 * weight decay λ enters. With {@code d = g + λ·θ} for Adam and {@code d = g} for AdamW, the slots
 * {@code m ← β1·m + (1 − β1)·d} and {@code v ← β2·v + (1 − β2)·d²} are bias-corrected at step
 * t = 1, 2, … to {@code m̂ = m / (1 − β1^t)} and {@code v̂ = v / (1 − β2^t)}; then
 * {@code θ ← θ − lr·(m̂ / (√v̂ + ε))} for Adam and {@code θ ← θ − lr·(m̂ / (√v̂ + ε) + λ·θ)} for
 * AdamW. With {@code amsgrad} (Reddi et al., 2018, as PyTorch implements it) a third slot keeps
 * the running maximum of v, and v̂ is that maximum over {@code 1 − β2^t}: the step of a coordinate
 * whose gradients were tiny for a while cannot jump when a larger gradient arrives. The powers use
 * {@link StrictMath} so results do not depend on the JVM's intrinsics. The moments are kept in double precision, or with {@code state_precision=float32} in single
 * precision as PyTorch keeps them for float32 weights: half the memory (1 GB less at 124M
 * parameters), each update still computed in doubles.
 */
final class AdamOptimizer implements Optimizer {

    /** Where weight decay enters the update. */
    enum WeightDecay {
        /** Adam: an L2 term {@code λ·θ} added to the gradient, so it is rescaled by the moments. */
        L2_IN_GRADIENT,
        /** AdamW: {@code λ·θ} added to the step direction, untouched by the moments. */
        DECOUPLED
    }

    /**
     * Validated Adam settings.
     *
     * @param beta1       decay of the first moment, in [0, 1)
     * @param beta2       decay of the second moment, in [0, 1)
     * @param epsilon     ε &gt; 0, added to √v̂
     * @param weightDecay λ ≥ 0
     * @param decay       where λ enters
     * @param singlePrecision whether the moments are stored as floats
     * @param amsgrad     divide by the running maximum of the second moment
     */
    record Config(double beta1, double beta2, double epsilon, double weightDecay, WeightDecay decay,
                  boolean singlePrecision, boolean amsgrad) {
        Config {
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
            }
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("eps must be finite and greater than 0, got " + epsilon);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weight_decay must be finite and at least 0, got " + weightDecay);
            }
            Objects.requireNonNull(decay, "decay");
        }

        /** The options {@code adam} and {@code adamw} declare; they differ only in the default λ. */
        static List<OptionSpec> options(double defaultWeightDecay, String weightDecayMeaning) {
            return List.of(
                    OptionSpec.real("beta1", 0.9, "decay rate of the first-moment (mean) estimate")
                            .atLeast(0).lessThan(1),
                    OptionSpec.real("beta2", 0.999, "decay rate of the second-moment (uncentred variance) estimate")
                            .atLeast(0).lessThan(1),
                    OptionSpec.real("eps", 1e-8, "added to the root of the second moment for stability")
                            .greaterThan(0),
                    OptionSpec.real("weight_decay", defaultWeightDecay, weightDecayMeaning).atLeast(0),
                    OptionSpec.choice("state_precision", "float64", "storage of the two moments: float32 halves "
                            + "their memory (as PyTorch keeps them for float32 weights)", "float64", "float32"),
                    OptionSpec.bool("amsgrad", false, "AMSGrad: divide by the running maximum of the second moment"));
        }

        /** The settings {@code options} (declared by {@link #options}) describe. */
        static Config from(Options options, WeightDecay decay) {
            return new Config(options.real("beta1"), options.real("beta2"), options.real("eps"),
                    options.real("weight_decay"), decay, options.string("state_precision").equals("float32"),
                    options.bool("amsgrad"));
        }
    }

    private final Config config;
    private final SlotState state;

    AdamOptimizer(String id, Config config) {
        this.config = config;
        this.state = new SlotState(id, config.amsgrad() ? List.of("m", "v", "v_max") : List.of("m", "v"),
                config.singlePrecision());
    }

    /** Elements of a float moment widened to doubles at a time. */
    private static final int CHUNK = 1 << 14;

    @Override
    public void step(ParameterSet parameters, ParameterSet gradient, double learningRate) {
        long t = state.steps() + 1;
        Update update = new Update(config, learningRate, 1 - StrictMath.pow(config.beta1(), t),
                1 - StrictMath.pow(config.beta2(), t));
        List<ParameterSet.Parameter> thetas = parameters.parameters();
        List<ParameterSet.Parameter> grads = gradient.parameters();
        if (config.singlePrecision()) {
            List<float[][]> slots = state.beginCompactStep(parameters, gradient, learningRate);
            double[] m = new double[CHUNK];
            double[] v = new double[CHUNK];
            double[] vMax = config.amsgrad() ? new double[CHUNK] : v;
            for (int k = 0; k < thetas.size(); k++) {
                float[] mf = slots.get(0)[k];
                float[] vf = slots.get(1)[k];
                float[] maxf = config.amsgrad() ? slots.get(2)[k] : null;
                for (int start = 0; start < mf.length; start += CHUNK) {
                    int n = Math.min(CHUNK, mf.length - start);
                    for (int i = 0; i < n; i++) {
                        m[i] = mf[start + i];
                        v[i] = vf[start + i];
                        if (maxf != null) {
                            vMax[i] = maxf[start + i];
                        }
                    }
                    update.apply(thetas.get(k).values(), grads.get(k).values(), start, m, v, vMax, n);
                    for (int i = 0; i < n; i++) {
                        mf[start + i] = (float) m[i];
                        vf[start + i] = (float) v[i];
                        if (maxf != null) {
                            maxf[start + i] = (float) vMax[i];
                        }
                    }
                }
            }
        } else {
            List<ParameterSet> slots = state.beginStep(parameters, gradient, learningRate);
            for (int k = 0; k < thetas.size(); k++) {
                double[] theta = thetas.get(k).values();
                double[] v = slots.get(1).parameters().get(k).values();
                update.apply(theta, grads.get(k).values(), 0, slots.get(0).parameters().get(k).values(), v,
                        config.amsgrad() ? slots.get(2).parameters().get(k).values() : v, theta.length);
            }
        }
        state.endStep();
    }

    /** One step's update with its bias corrections, applied to runs of coordinates. */
    private record Update(Config config, double learningRate, double correction1, double correction2) {

        /**
         * Updates {@code theta[offset + i]} and the moments {@code m[i]}, {@code v[i]} for i &lt; n, and
         * the running maximum {@code vMax[i]} of v, which is {@code v} itself without AMSGrad.
         */
        void apply(double[] theta, double[] g, int offset, double[] m, double[] v, double[] vMax, int n) {
            double beta1 = config.beta1();
            double beta2 = config.beta2();
            double epsilon = config.epsilon();
            double coupledDecay = config.decay() == WeightDecay.L2_IN_GRADIENT ? config.weightDecay() : 0;
            double decoupledDecay = config.decay() == WeightDecay.DECOUPLED ? config.weightDecay() : 0;
            for (int i = 0; i < n; i++) {
                int j = offset + i;
                double d = g[j] + coupledDecay * theta[j];
                m[i] = beta1 * m[i] + (1 - beta1) * d;
                v[i] = beta2 * v[i] + (1 - beta2) * d * d;
                vMax[i] = Math.max(vMax[i], v[i]);
                double mHat = m[i] / correction1;
                double vHat = vMax[i] / correction2;
                theta[j] -= learningRate * (mHat / (Math.sqrt(vHat) + epsilon) + decoupledDecay * theta[j]);
            }
        }
    }

    @Override
    public OptimizerState state() {
        return state.snapshot();
    }

    @Override
    public void restore(OptimizerState saved) {
        state.restore(saved);
    }
}
