package dev.gramian.runtime.tensorflow.decode;

import dev.gramian.api.model.DecoderSpec;
import dev.gramian.runtime.tensorflow.graph.TransformerBlocks;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.family.TFloating;

import java.util.List;

/**
 * A pre-trained decoder's step, with the weight names of {@link DecoderSpec#layout()}: GPT-2 (learned
 * position rows from the first uncached position, fused Conv1D q/k/v) or the Llama family (rotary
 * angles of the tokens' absolute positions on queries and keys before they are cached, grouped-query
 * attention, SwiGLU). A LoRA adapter is merged into the weights before they reach this graph.
 */
record DecoderStep(DecoderSpec spec) implements StepNetwork {

    @Override
    public <T extends TFloating> Operand<T> hidden(StepGraph<T> step) {
        return spec.family() == DecoderSpec.Family.GPT2 ? gpt2(step) : llama(step);
    }

    private <T extends TFloating> Operand<T> gpt2(StepGraph<T> step) {
        Ops tf = step.tf();
        TransformerBlocks<T> blocks = step.blocks();
        int d = spec.width();
        int hd = spec.headDim();
        Operand<T> tokens = tf.gather(step.parameter("transformer.wte.weight"), step.ids(), tf.constant(0));
        Operand<T> positions = tf.slice(step.parameter("transformer.wpe.weight"),
                tf.concat(List.of(tf.reshape(step.pastLength(), tf.constant(new int[]{1})), tf.constant(new int[]{0})),
                        tf.constant(0)), blocks.dims(step.s(), -1));
        Operand<T> h = tf.reshape(tf.math.add(tokens, positions), tf.constant(new int[]{-1, d}));
        for (int l = 0; l < spec.layers(); l++) {
            String p = spec.blockPrefix(l);
            Operand<T> qkv = conv1d(step, p + "attn.c_attn", layerNorm(step, p + "ln_1", h));
            Operand<T>[] parts = thirds(tf, qkv, d);
            Operand<T> attended = step.attend(l, blocks.splitHeads(parts[0], step.n(), step.s(), spec.heads(), hd),
                    blocks.splitHeads(parts[1], step.n(), step.s(), spec.heads(), hd),
                    blocks.splitHeads(parts[2], step.n(), step.s(), spec.heads(), hd), spec.heads());
            h = tf.math.add(h, conv1d(step, p + "attn.c_proj", attended));
            Operand<T> z = conv1d(step, p + "mlp.c_fc", layerNorm(step, p + "ln_2", h));
            h = tf.math.add(h, conv1d(step, p + "mlp.c_proj", blocks.gelu(z)));
        }
        return layerNorm(step, "transformer.ln_f", h);
    }

    @SuppressWarnings("unchecked")
    private static <T extends TFloating> Operand<T>[] thirds(Ops tf, Operand<T> x, int d) {
        Operand<T>[] out = new Operand[3];
        for (int k = 0; k < 3; k++) {
            out[k] = tf.slice(x, tf.constant(new int[]{0, k * d}), tf.constant(new int[]{-1, d}));
        }
        return out;
    }

    private <T extends TFloating> Operand<T> llama(StepGraph<T> step) {
        Ops tf = step.tf();
        TransformerBlocks<T> blocks = step.blocks();
        int hd = spec.headDim();
        Operand<T> h = tf.reshape(tf.gather(step.parameter("model.embed_tokens.weight"), step.ids(), tf.constant(0)),
                tf.constant(new int[]{-1, spec.width()}));
        TransformerBlocks.Rotary<T> rotary = blocks.rotary(spec.ropeFrequencies(), step.pastLength(), step.s());
        for (int l = 0; l < spec.layers(); l++) {
            String p = spec.blockPrefix(l);
            Operand<T> x = rmsNorm(step, p + "input_layernorm", h);
            Operand<T> q = blocks.rotate(blocks.splitHeads(linear(step, p + "self_attn.q_proj", x, spec.qkvBias()),
                    step.n(), step.s(), spec.heads(), hd), rotary, hd);
            Operand<T> k = blocks.rotate(blocks.splitHeads(linear(step, p + "self_attn.k_proj", x, spec.qkvBias()),
                    step.n(), step.s(), spec.keyValueHeads(), hd), rotary, hd);
            Operand<T> v = blocks.splitHeads(linear(step, p + "self_attn.v_proj", x, spec.qkvBias()),
                    step.n(), step.s(), spec.keyValueHeads(), hd);
            h = tf.math.add(h, linear(step, p + "self_attn.o_proj", step.attend(l, q, k, v, spec.heads()),
                    spec.outputBias()));
            Operand<T> y = rmsNorm(step, p + "post_attention_layernorm", h);
            Operand<T> gate = linear(step, p + "mlp.gate_proj", y, spec.mlpBias());
            Operand<T> up = linear(step, p + "mlp.up_proj", y, spec.mlpBias());
            h = tf.math.add(h, linear(step, p + "mlp.down_proj", tf.math.mul(blocks.silu(gate), up), spec.mlpBias()));
        }
        return rmsNorm(step, "model.norm", h);
    }

    @Override
    public <T extends TFloating> Operand<T> logits(StepGraph<T> step, Operand<T> hidden) {
        Operand<T> head = step.parameter(spec.tiedHead() ? spec.tokenEmbeddingName() : "lm_head.weight");
        return step.tf().linalg.matMul(hidden, head, MatMul.transposeB(true));
    }

    /** GPT-2's Conv1D: {@code x·W + b} with W stored {@code [in, out]}. */
    private static <T extends TFloating> Operand<T> conv1d(StepGraph<T> step, String module, Operand<T> x) {
        return step.tf().math.add(step.tf().linalg.matMul(x, step.parameter(module + ".weight")),
                step.parameter(module + ".bias"));
    }

    /** nn.Linear: {@code x·Wᵀ (+ b)} with W stored {@code [out, in]}. */
    private static <T extends TFloating> Operand<T> linear(StepGraph<T> step, String module, Operand<T> x, boolean bias) {
        Operand<T> y = step.tf().linalg.matMul(x, step.parameter(module + ".weight"), MatMul.transposeB(true));
        return bias ? step.tf().math.add(y, step.parameter(module + ".bias")) : y;
    }

    private <T extends TFloating> Operand<T> layerNorm(StepGraph<T> step, String module, Operand<T> x) {
        return step.blocks().layerNorm(x, step.parameter(module + ".weight"), step.parameter(module + ".bias"),
                spec.normEpsilon());
    }

    private <T extends TFloating> Operand<T> rmsNorm(StepGraph<T> step, String module, Operand<T> x) {
        return step.blocks().rmsNorm(x, step.parameter(module + ".weight"), spec.normEpsilon());
    }

    @Override
    public Dimensions dimensions() {
        return new Dimensions(spec.layers(), spec.keyValueHeads(), spec.headDim(), spec.vocabularySize(),
                spec.context());
    }
}
