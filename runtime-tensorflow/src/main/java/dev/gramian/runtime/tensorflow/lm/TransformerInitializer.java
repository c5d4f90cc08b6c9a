package dev.gramian.runtime.tensorflow.lm;

import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.param.ParameterSet.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The parameter layout of the Transformer and its seeded initialisation: weights drawn from
 * N(0, 0.02²) (residual projections scaled by 1/√(2·layers)), biases 0, LayerNorm gains 1. The
 * draw order is the layout order, so the same seed gives the same parameters everywhere.
 */
final class TransformerInitializer {
    private static final double STD = 0.02;

    private TransformerInitializer() {
    }

    /** Fresh parameters of {@code config} drawn from {@code seed}. */
    static ParameterSet initialise(LanguageModelConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int d = config.width();
        int v = config.vocabularySize();
        double residual = STD / Math.sqrt(2.0 * Math.max(1, config.layers()));
        List<Parameter> ps = new ArrayList<>();
        ps.add(normal("embed/token", random, STD, v, d));
        ps.add(normal("embed/position", random, STD, config.context(), d));
        for (int l = 0; l < config.layers(); l++) {
            String p = "layer" + l + "/";
            ps.add(filled(p + "ln1/gain", 1, d));
            ps.add(filled(p + "ln1/bias", 0, d));
            for (String w : new String[]{"q", "k", "v"}) {
                ps.add(normal(p + "attn/w" + w, random, STD, d, d));
                ps.add(filled(p + "attn/b" + w, 0, d));
            }
            ps.add(normal(p + "attn/wo", random, residual, d, d));
            ps.add(filled(p + "attn/bo", 0, d));
            ps.add(filled(p + "ln2/gain", 1, d));
            ps.add(filled(p + "ln2/bias", 0, d));
            ps.add(normal(p + "mlp/w1", random, STD, d, config.mlpWidth()));
            ps.add(filled(p + "mlp/b1", 0, config.mlpWidth()));
            ps.add(normal(p + "mlp/w2", random, residual, config.mlpWidth(), d));
            ps.add(filled(p + "mlp/b2", 0, d));
        }
        ps.add(filled("final/ln/gain", 1, d));
        ps.add(filled("final/ln/bias", 0, d));
        ps.add(normal("head/w", random, STD, d, v));
        ps.add(filled("head/b", 0, v));
        return new ParameterSet(ps);
    }

    private static Parameter normal(String name, SplittableRandom random, double std, int... shape) {
        double[] values = new double[size(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = std * gaussian(random);
        }
        return new Parameter(name, shape, values);
    }

    private static Parameter filled(String name, double value, int... shape) {
        double[] values = new double[size(shape)];
        java.util.Arrays.fill(values, value);
        return new Parameter(name, shape, values);
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** A standard normal draw by Box–Muller (SplittableRandom has no nextGaussian on Java 17). */
    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double w = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}
