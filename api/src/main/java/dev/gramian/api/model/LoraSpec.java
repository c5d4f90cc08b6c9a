package dev.gramian.api.model;

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
}
