package dev.gramian.api.model;

import dev.gramian.api.param.ParameterSet;

import java.util.List;

/**
 * A low-rank adapter on a pre-trained decoder, as PEFT defines LoRA: every targeted linear module
 * computes {@code W x + s · B A dropout(x)} with {@code A [rank, in]}, {@code B [out, rank]} and
 * {@code s = alpha / rank} ({@code alpha / √rank} with rsLoRA). Only A and B are trained; B starts
 * at zero, so a fresh adapter leaves the model unchanged.
 *
 * @param rank     r, at least 1
 * @param alpha    the scale numerator
 * @param dropout  the probability of dropping an input element of A during training steps, in [0, 1)
 * @param targets  short module names to adapt ({@code c_attn}, {@code q_proj}, …); empty for the
 *                 family's default ({@link #defaultTargets})
 * @param rsLora   whether the scale is {@code alpha / √rank}
 */
public record LoraSpec(int rank, double alpha, double dropout, List<String> targets, boolean rsLora) {
    public LoraSpec {
        if (rank < 1) {
            throw new IllegalArgumentException("LoRA rank must be at least 1, got " + rank);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
        }
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("LoRA alpha must be finite, got " + alpha);
        }
        targets = List.copyOf(targets);
    }

    /** PEFT's default target modules: {@code c_attn} for GPT-2, {@code q_proj, v_proj} for the Llama family. */
    public static List<String> defaultTargets(DecoderSpec.Family family) {
        return family == DecoderSpec.Family.GPT2 ? List.of("c_attn") : List.of("q_proj", "v_proj");
    }

    /** The targets, or the family's defaults when none were given. */
    public List<String> targetsFor(DecoderSpec.Family family) {
        return targets.isEmpty() ? defaultTargets(family) : targets;
    }

    /** The factor {@code s} on {@code B A x}. */
    public double scale() {
        return rsLora ? alpha / Math.sqrt(rank) : alpha / rank;
    }

    /**
     * The modules of {@code spec} this adapter targets, in layout order ({@code transformer.h.0.attn.c_attn}, …).
     *
     * @throws dev.gramian.api.GramianException (usage) for a target that names no linear module
     */
    public List<String> modules(DecoderSpec spec) {
        List<String> names = targetsFor(spec.family());
        List<String> shortNames = spec.linearModules().stream().map(m -> m.substring(m.lastIndexOf('.') + 1))
                .distinct().toList();
        for (String target : names) {
            if (!shortNames.contains(target)) {
                throw dev.gramian.api.GramianException.usage("LoRA target '" + target + "' is no linear module of "
                        + spec.family() + "; choose from " + shortNames);
            }
        }
        return spec.linearModules().stream().filter(m -> names.contains(m.substring(m.lastIndexOf('.') + 1))).toList();
    }

    /**
     * {@code [in, out]} of a module's weight: GPT-2's Conv1D stores {@code [in, out]}, nn.Linear
     * {@code [out, in]}.
     */
    public static int[] inOut(DecoderSpec spec, String module) {
        int[] shape = spec.layout().get(module + ".weight");
        return spec.family() == DecoderSpec.Family.GPT2 ? new int[]{shape[0], shape[1]} : new int[]{shape[1], shape[0]};
    }

    /**
     * The base weights with this adapter merged in: {@code W + s·B·A} in each weight's own layout
     * (transposed for Conv1D, PEFT's {@code fan_in_fan_out}).
     *
     * @param adapter {@code <module>.lora_A.weight [r, in]} and {@code <module>.lora_B.weight [out, r]}
     */
    public ParameterSet merge(DecoderSpec spec, ParameterSet base, ParameterSet adapter) {
        ParameterSet merged = base.copy();
        double s = scale();
        boolean conv1d = spec.family() == DecoderSpec.Family.GPT2;
        for (String module : modules(spec)) {
            int[] io = inOut(spec, module);
            int in = io[0];
            int out = io[1];
            double[] a = adapter.values(module + ".lora_A.weight");
            double[] b = adapter.values(module + ".lora_B.weight");
            double[] w = merged.values(module + ".weight");
            for (int o = 0; o < out; o++) {
                for (int k = 0; k < rank; k++) {
                    double bok = s * b[o * rank + k];
                    if (bok == 0) {
                        continue;
                    }
                    for (int i = 0; i < in; i++) {
                        w[conv1d ? i * out + o : o * in + i] += bok * a[k * in + i];
                    }
                }
            }
        }
        return merged;
    }
}
