package dev.gramian.runtime.tensorflow.decode;

import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.runtime.tensorflow.graph.TransformerBlocks;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

import java.util.List;

/**
 * The built-in Transformer's step, with the parameter names of {@code lm.TransformerInitializer}:
 * token rows gathered (the training graph's one-hot product gives the same values), position rows
 * from the first uncached position, pre-LayerNorm blocks with separate q/k/v projections, GELU MLP,
 * untied head with a bias.
 */
record TransformerStep(LanguageModelConfig config) implements StepNetwork {

    @Override
    public <T extends TFloating> Operand<T> hidden(StepGraph<T> step) {
        Ops tf = step.tf();
        TransformerBlocks<T> blocks = step.blocks();
        int d = config.width();
        int heads = config.heads();
        int dh = d / heads;
        Operand<T> tokens = tf.gather(step.parameter("embed/token"), step.ids(), tf.constant(0));
        Operand<T> positions = tf.slice(step.parameter("embed/position"),
                tf.concat(List.of(tf.reshape(step.pastLength(), tf.constant(new int[]{1})), tf.constant(new int[]{0})),
                        tf.constant(0)), blocks.dims(step.s(), -1));
        Operand<T> h = tf.reshape(tf.math.add(tokens, positions), tf.constant(new int[]{-1, d}));
        for (int l = 0; l < config.layers(); l++) {
            String p = "layer" + l + "/";
            Operand<T> x = layerNorm(step, p + "ln1/", h);
            Operand<T> q = blocks.splitHeads(linear(step, p + "attn/wq", p + "attn/bq", x), step.n(), step.s(), heads, dh);
            Operand<T> k = blocks.splitHeads(linear(step, p + "attn/wk", p + "attn/bk", x), step.n(), step.s(), heads, dh);
            Operand<T> v = blocks.splitHeads(linear(step, p + "attn/wv", p + "attn/bv", x), step.n(), step.s(), heads, dh);
            h = tf.math.add(h, linear(step, p + "attn/wo", p + "attn/bo", step.attend(l, q, k, v, heads)));
            Operand<T> z = linear(step, p + "mlp/w1", p + "mlp/b1", layerNorm(step, p + "ln2/", h));
            h = tf.math.add(h, linear(step, p + "mlp/w2", p + "mlp/b2", blocks.gelu(z)));
        }
        return layerNorm(step, "final/ln/", h);
    }

    @Override
    public <T extends TFloating> Operand<T> logits(StepGraph<T> step, Operand<T> hidden) {
        return linear(step, "head/w", "head/b", hidden);
    }

    private static <T extends TFloating> Operand<T> linear(StepGraph<T> step, String weight, String bias, Operand<T> x) {
        return step.tf().math.add(step.tf().linalg.matMul(x, step.parameter(weight)), step.parameter(bias));
    }

    private static <T extends TFloating> Operand<T> layerNorm(StepGraph<T> step, String prefix, Operand<T> x) {
        return step.blocks().layerNorm(x, step.parameter(prefix + "gain"), step.parameter(prefix + "bias"), 1e-5);
    }

    @Override
    public Dimensions dimensions() {
        return new Dimensions(config.layers(), config.heads(), config.width() / config.heads(),
                config.vocabularySize(), config.context());
    }
}
