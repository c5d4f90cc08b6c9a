package dev.gramian.api.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pre-trained decoder-only Transformer described without reference to any file format: which
 * block family, its sizes, and its rotary frequencies. A backend builds the model's graph from it
 * ({@link dev.gramian.api.backend.Backend#pretrainedModel}); a reader of checkpoint files fills it
 * and names the weights as {@link #layout()} says.
 *
 * <p>Weights are named and shaped as in Hugging Face checkpoints with the architecture's usual
 * prefix: GPT-2 {@code transformer.h.0.attn.c_attn.weight} in Conv1D's {@code [in, out]} layout;
 * Llama {@code model.layers.0.self_attn.q_proj.weight} in nn.Linear's {@code [out, in]} layout;
 * {@code lm_head.weight} only when the head is not tied to the token embedding.
 *
 * @param family              the block structure
 * @param vocabularySize      token ids
 * @param context             maximum positions
 * @param layers              blocks
 * @param width               hidden size
 * @param heads               query heads
 * @param keyValueHeads       key/value heads (grouped-query attention); must divide {@code heads}
 * @param headDim             per-head width (heads · headDim need not equal width for Llama)
 * @param mlpWidth            the MLP's hidden width
 * @param normEpsilon         LayerNorm / RMSNorm epsilon
 * @param tiedHead            whether the output head is the token embedding
 * @param qkvBias             Llama family: biases on q, k and v (Qwen2, or {@code attention_bias})
 * @param outputBias          Llama family: a bias on o_proj ({@code attention_bias})
 * @param mlpBias             Llama family: biases on gate, up and down
 * @param ropeFrequencies     Llama family: the {@code headDim / 2} rotary inverse frequencies after any
 *                            scaling (empty for GPT-2)
 */
public record DecoderSpec(Family family, int vocabularySize, int context, int layers, int width, int heads,
                          int keyValueHeads, int headDim, int mlpWidth, double normEpsilon, boolean tiedHead,
                          boolean qkvBias, boolean outputBias, boolean mlpBias, double[] ropeFrequencies) {

    /** Block structures a backend builds. */
    public enum Family {
        /** GPT-2: learned positions, pre-LayerNorm, fused Conv1D q/k/v, GELU (tanh) MLP, biases everywhere. */
        GPT2,
        /** Llama, Qwen2, Mistral: RMSNorm, rotary positions (halves layout), grouped-query attention, SwiGLU. */
        LLAMA
    }

    public DecoderSpec {
        Objects.requireNonNull(family, "family");
        ropeFrequencies = ropeFrequencies.clone();
        if (vocabularySize < 2 || context < 2 || layers < 1 || width < 1 || heads < 1 || keyValueHeads < 1
                || headDim < 1 || mlpWidth < 1 || !(normEpsilon > 0)) {
            throw new IllegalArgumentException("invalid decoder shape: vocabulary=" + vocabularySize + " context="
                    + context + " layers=" + layers + " width=" + width + " heads=" + heads + " kv_heads="
                    + keyValueHeads + " head_dim=" + headDim + " mlp=" + mlpWidth + " eps=" + normEpsilon);
        }
        if (heads % keyValueHeads != 0) {
            throw new IllegalArgumentException("key/value heads (" + keyValueHeads + ") must divide heads (" + heads + ")");
        }
        if (family == Family.GPT2 && (heads * headDim != width || keyValueHeads != heads)) {
            throw new IllegalArgumentException("GPT-2 needs heads · head_dim = width and no grouped-query attention");
        }
        if (family == Family.LLAMA && (headDim % 2 != 0 || ropeFrequencies.length != headDim / 2)) {
            throw new IllegalArgumentException("rotary positions need an even head_dim and head_dim / 2 = "
                    + headDim / 2 + " frequencies, got " + ropeFrequencies.length);
        }
    }

    @Override
    public double[] ropeFrequencies() {
        return ropeFrequencies.clone();
    }

    /** The shape a {@link LanguageModel#config()} reports for this decoder. */
    public LanguageModelConfig languageModelConfig() {
        int shownHeads = width % heads == 0 ? heads : 1;
        return new LanguageModelConfig(vocabularySize, context, layers, width, shownHeads, mlpWidth);
    }

    /** The prefix of one block's tensor names, e.g. {@code transformer.h.3.} or {@code model.layers.3.}. */
    public String blockPrefix(int layer) {
        return (family == Family.GPT2 ? "transformer.h." : "model.layers.") + layer + ".";
    }

    /** The token embedding's name: {@code transformer.wte.weight} or {@code model.embed_tokens.weight}. */
    public String tokenEmbeddingName() {
        return family == Family.GPT2 ? "transformer.wte.weight" : "model.embed_tokens.weight";
    }

    /** Every weight's name and shape, in a fixed order (embeddings, blocks, final norm, untied head). */
    public Map<String, int[]> layout() {
        Map<String, int[]> out = new LinkedHashMap<>();
        int d = width;
        if (family == Family.GPT2) {
            out.put("transformer.wte.weight", new int[]{vocabularySize, d});
            out.put("transformer.wpe.weight", new int[]{context, d});
            for (int l = 0; l < layers; l++) {
                String p = blockPrefix(l);
                out.put(p + "ln_1.weight", new int[]{d});
                out.put(p + "ln_1.bias", new int[]{d});
                out.put(p + "attn.c_attn.weight", new int[]{d, 3 * d});
                out.put(p + "attn.c_attn.bias", new int[]{3 * d});
                out.put(p + "attn.c_proj.weight", new int[]{d, d});
                out.put(p + "attn.c_proj.bias", new int[]{d});
                out.put(p + "ln_2.weight", new int[]{d});
                out.put(p + "ln_2.bias", new int[]{d});
                out.put(p + "mlp.c_fc.weight", new int[]{d, mlpWidth});
                out.put(p + "mlp.c_fc.bias", new int[]{mlpWidth});
                out.put(p + "mlp.c_proj.weight", new int[]{mlpWidth, d});
                out.put(p + "mlp.c_proj.bias", new int[]{d});
            }
            out.put("transformer.ln_f.weight", new int[]{d});
            out.put("transformer.ln_f.bias", new int[]{d});
        } else {
            int q = heads * headDim;
            int kv = keyValueHeads * headDim;
            out.put("model.embed_tokens.weight", new int[]{vocabularySize, d});
            for (int l = 0; l < layers; l++) {
                String p = blockPrefix(l);
                out.put(p + "input_layernorm.weight", new int[]{d});
                linear(out, p + "self_attn.q_proj", q, d, qkvBias);
                linear(out, p + "self_attn.k_proj", kv, d, qkvBias);
                linear(out, p + "self_attn.v_proj", kv, d, qkvBias);
                linear(out, p + "self_attn.o_proj", d, q, outputBias);
                out.put(p + "post_attention_layernorm.weight", new int[]{d});
                linear(out, p + "mlp.gate_proj", mlpWidth, d, mlpBias);
                linear(out, p + "mlp.up_proj", mlpWidth, d, mlpBias);
                linear(out, p + "mlp.down_proj", d, mlpWidth, mlpBias);
            }
            out.put("model.norm.weight", new int[]{d});
        }
        if (!tiedHead) {
            out.put("lm_head.weight", new int[]{vocabularySize, d});
        }
        return Collections.unmodifiableMap(out);
    }

    private static void linear(Map<String, int[]> out, String module, int rows, int columns, boolean bias) {
        out.put(module + ".weight", new int[]{rows, columns});
        if (bias) {
            out.put(module + ".bias", new int[]{rows});
        }
    }

    /**
     * The linear modules a LoRA adapter may target, by their short name ({@code c_attn},
     * {@code q_proj}, …): the module paths of every block that end in that name.
     */
    public List<String> linearModules() {
        List<String> modules = new ArrayList<>();
        String blocks = family == Family.GPT2 ? "transformer.h." : "model.layers.";
        for (Map.Entry<String, int[]> e : layout().entrySet()) {
            String name = e.getKey();
            if (name.startsWith(blocks) && name.endsWith(".weight") && e.getValue().length == 2) {
                modules.add(name.substring(0, name.length() - ".weight".length()));
            }
        }
        return modules;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecoderSpec s && s.family == family && s.vocabularySize == vocabularySize
                && s.context == context && s.layers == layers && s.width == width && s.heads == heads
                && s.keyValueHeads == keyValueHeads && s.headDim == headDim && s.mlpWidth == mlpWidth
                && s.normEpsilon == normEpsilon && s.tiedHead == tiedHead && s.qkvBias == qkvBias
                && s.outputBias == outputBias && s.mlpBias == mlpBias && Arrays.equals(s.ropeFrequencies, ropeFrequencies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, vocabularySize, context, layers, width, heads, keyValueHeads, headDim, mlpWidth,
                normEpsilon, tiedHead, qkvBias, outputBias, mlpBias, Arrays.hashCode(ropeFrequencies));
    }

    @Override
    public String toString() {
        return family + "[vocabulary=" + vocabularySize + ", context=" + context + ", layers=" + layers + ", width="
                + width + ", heads=" + heads + "/" + keyValueHeads + "×" + headDim + ", mlp=" + mlpWidth
                + ", tied=" + tiedHead + "]";
    }
}
