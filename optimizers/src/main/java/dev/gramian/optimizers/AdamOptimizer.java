package dev.gramian.optimizers;

import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.Options;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Adam (Kingma and Ba, 2015) and AdamW (Loshchilov and Hutter, 2019), which differ only in where
 * weight decay λ enters. With {@code d = g + λ·θ} for Adam and {@code d = g} for AdamW, the slots
 * {@code m ← β1·m + (1 − β1)·d} and {@code v ← β2·v + (1 − β2)·d²} are bias-corrected at step
 * t = 1, 2, … to {@code m̂ = m / (1 − β1^t)} and {@code v̂ = v / (1 − β2^t)}; then
 * {@code θ ← θ − lr·(m̂ / (√v̂ + ε))} for Adam and {@code θ ← θ − lr·(m̂ / (√v̂ + ε) + λ·θ)} for
 * AdamW. With {@code amsgrad} (Reddi et al., 2018, as PyTorch implements it) a third slot keeps
 * the running maximum of v, and v̂ is that maximum over {@code 1 − β2^t}: the step of a coordinate
 * whose gradients were tiny for a while cannot jump when a larger gradient arrives. The powers use
 * {@link StrictMath} so results do not depend on the JVM's intrinsics. The moments are kept in
 * double precision, or with {@code state_precision=float32} in single precision as PyTorch keeps
 * them for float32 weights: half the memory (1 GB less at 124M
 * parameters), each update still computed in doubles. A step over two million coordinates or more
 * updates runs of a million as parallel tasks (about 120 for GPT-2 small); each coordinate's update
 * touches only its own values, so the result is the same, bit for bit, however the runs are split
 * or scheduled.
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

    /** Coordinates one task updates unless a test asks for fewer: 1 Mi, about 120 tasks for 124M parameters. */
    private static final int SEGMENT = 1 << 20;

    /** Elements of a float moment widened to doubles at a time. */
    private static final int CHUNK = 1 << 14;

    private final Config config;
    private final SlotState state;
    private final int segment;

    AdamOptimizer(String id, Config config) {
        this(id, config, SEGMENT);
    }

    /**
     * An optimiser whose step updates runs of at most {@code segment} coordinates as separate tasks,
     * in parallel when the model has at least two segments' worth of coordinates. Every coordinate's
     * update reads and writes only its own values, so the result does not depend on the split (tests
     * split tiny models finely to check).
     */
    AdamOptimizer(String id, Config config, int segment) {
        if (segment < 1) {
            throw new IllegalArgumentException("segment must be at least 1, got " + segment);
        }
        this.config = config;
        this.state = new SlotState(id, config.amsgrad() ? List.of("m", "v", "v_max") : List.of("m", "v"),
                config.singlePrecision());
        this.segment = segment;
    }

    @Override
    public void step(ParameterSet parameters, ParameterSet gradient, double learningRate) {
        long t = state.steps() + 1;
        Update update = new Update(config, learningRate, 1 - StrictMath.pow(config.beta1(), t),
                1 - StrictMath.pow(config.beta2(), t));
        List<ParameterSet.Parameter> thetas = parameters.parameters();
        List<ParameterSet.Parameter> grads = gradient.parameters();
        List<int[]> runs = new ArrayList<>();
        long total = 0;
        for (int k = 0; k < thetas.size(); k++) {
            int length = thetas.get(k).values().length;
            total += length;
            for (int start = 0; start < length; start += segment) {
                runs.add(new int[]{k, start, Math.min(length, start + segment)});
            }
        }
        IntConsumer task;
        if (config.singlePrecision()) {
            List<float[][]> slots = state.beginCompactStep(parameters, gradient, learningRate);
            task = r -> {
                int[] run = runs.get(r);
                int k = run[0];
                updateFloatRun(update, thetas.get(k).values(), grads.get(k).values(), slots.get(0)[k], slots.get(1)[k],
                        config.amsgrad() ? slots.get(2)[k] : null, run[1], run[2]);
            };
        } else {
            List<ParameterSet> slots = state.beginStep(parameters, gradient, learningRate);
            task = r -> {
                int[] run = runs.get(r);
                int k = run[0];
                double[] v = slots.get(1).parameters().get(k).values();
                update.apply(thetas.get(k).values(), grads.get(k).values(), run[1],
                        slots.get(0).parameters().get(k).values(), v,
                        config.amsgrad() ? slots.get(2).parameters().get(k).values() : v, run[1], run[2] - run[1]);
            };
        }
        IntStream indices = IntStream.range(0, runs.size());
        // a model under two segments updates on the calling thread: tasks would cost more than they save
        (total >= 2L * segment ? indices.parallel() : indices).forEach(task);
        state.endStep();
    }

    /**
     * Updates coordinates {@code [from, to)} of one parameter whose moments are floats (and {@code maxf},
     * the running maximum of v, unless it is null), widening {@link #CHUNK} of them to doubles at a time.
     */
    private static void updateFloatRun(Update update, double[] theta, double[] g, float[] mf, float[] vf, float[] maxf,
                                       int from, int to) {
        int size = Math.min(CHUNK, to - from);
        double[] m = new double[size];
        double[] v = new double[size];
        double[] vMax = maxf != null ? new double[size] : v;
        for (int start = from; start < to; start += CHUNK) {
            int n = Math.min(CHUNK, to - start);
            for (int i = 0; i < n; i++) {
                m[i] = mf[start + i];
                v[i] = vf[start + i];
                if (maxf != null) {
                    vMax[i] = maxf[start + i];
                }
            }
            update.apply(theta, g, start, m, v, vMax, 0, n);
            for (int i = 0; i < n; i++) {
                mf[start + i] = (float) m[i];
                vf[start + i] = (float) v[i];
                if (maxf != null) {
                    maxf[start + i] = (float) vMax[i];
                }
            }
        }
    }

    /** One step's update with its bias corrections, applied to runs of coordinates. */
    private record Update(Config config, double learningRate, double correction1, double correction2) {

        /**
         * Updates {@code theta[offset + i]} and the moments {@code m[slot + i]}, {@code v[slot + i]} for
         * i &lt; n, and the running maximum {@code vMax[slot + i]} of v, which is {@code v} itself without
         * AMSGrad.
         */
        void apply(double[] theta, double[] g, int offset, double[] m, double[] v, double[] vMax, int slot, int n) {
            double beta1 = config.beta1();
            double beta2 = config.beta2();
            double epsilon = config.epsilon();
            double coupledDecay = config.decay() == WeightDecay.L2_IN_GRADIENT ? config.weightDecay() : 0;
            double decoupledDecay = config.decay() == WeightDecay.DECOUPLED ? config.weightDecay() : 0;
            for (int i = 0; i < n; i++) {
                int j = offset + i;
                int s = slot + i;
                double d = g[j] + coupledDecay * theta[j];
                m[s] = beta1 * m[s] + (1 - beta1) * d;
                v[s] = beta2 * v[s] + (1 - beta2) * d * d;
                vMax[s] = Math.max(vMax[s], v[s]);
                double mHat = m[s] / correction1;
                double vHat = vMax[s] / correction2;
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
