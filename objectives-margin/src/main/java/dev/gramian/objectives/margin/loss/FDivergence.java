package dev.gramian.objectives.margin.loss;

import dev.gramian.api.algebra.ScalarAlgebra;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The f-divergence that keeps the policy near the reference (f-DPO, Wang et al., 2023; TRL's
 * {@code f_divergence_type}). DPO's derivation holds for any f whose derivative f′ is invertible;
 * the loss then sees {@code f′(π/π_ref)} where DPO sees the log-ratio {@code r = log π/π_ref}, with
 * constants that cancel in a margin dropped, as TRL does. {@link #score} maps r to that score:
 *
 * <ul>
 *   <li>{@code reverse_kl} (DPO): {@code r}</li>
 *   <li>{@code forward_kl}: {@code −e^(−r)}</li>
 *   <li>{@code js} (Jensen–Shannon): {@code log σ(r)}</li>
 *   <li>{@code alpha}: {@code e^((α−1)·r)/(α−1)}, with TRL's clamp of the exponent at 80 (its float32
 *       bound, so {@code e^(·)} stays representable); {@code r} itself when {@code |α−1| < 1e-6}, the
 *       limit TRL falls back to.</li>
 * </ul>
 *
 * <p>One deviation from TRL, for the {@code MarginLoss} contract's stability at margins of ±1e4: TRL
 * computes {@code forward_kl} unclamped, so its loss overflows (float32) once {@code r < −88.7};
 * here {@code forward_kl} is the α = 0 divergence with the same clamp, {@code −e^(min(−r, 80))},
 * equal to TRL's wherever {@code r ≥ −80}.
 *
 * @param type  which divergence
 * @param alpha the α of {@link Type#ALPHA} (TRL's {@code f_alpha_divergence_coef}); any finite number,
 *              ignored by the other types
 */
public record FDivergence(Type type, double alpha) {
    /** TRL's clamp of the alpha divergence's exponent in float32 and bfloat16. */
    static final double EXPONENT_CLAMP = 80;

    /** DPO's divergence: scores are the log-ratios themselves. */
    public static final FDivergence REVERSE_KL = new FDivergence(Type.REVERSE_KL, 0.5);

    /** The divergences, by their option value. */
    public enum Type {
        /** {@code KL(π || π_ref)}, DPO's. */
        REVERSE_KL,
        /** {@code KL(π_ref || π)}. */
        FORWARD_KL,
        /** Jensen–Shannon. */
        JS,
        /** The α-divergence. */
        ALPHA;

        /** The option value, e.g. {@code forward_kl}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every option value, in declaration order. */
        static String[] labels() {
            return Arrays.stream(values()).map(Type::label).toArray(String[]::new);
        }

        /** The type whose {@link #label()} is {@code label}. */
        static Type fromLabel(String label) {
            for (Type type : values()) {
                if (type.label().equals(label)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown divergence '" + label + "'; known: "
                    + String.join(", ", labels()));
        }
    }

    public FDivergence {
        Objects.requireNonNull(type, "type");
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("divergence_alpha must be a finite number, got " + alpha);
        }
    }

    /** The score that replaces the log-ratio {@code logRatio} in a loss. */
    public <T> T score(ScalarAlgebra<T> a, T logRatio) {
        return switch (type) {
            case REVERSE_KL -> logRatio;
            case FORWARD_KL -> a.neg(a.exp(clamped(a, a.neg(logRatio))));
            case JS -> a.logSigmoid(logRatio);
            case ALPHA -> Math.abs(alpha - 1) < 1e-6 ? logRatio
                    : a.scale(a.exp(clamped(a, a.scale(logRatio, alpha - 1))), 1 / (alpha - 1));
        };
    }

    /** {@code min(t, 80)}, written as {@code t − relu(t − 80)}; its derivative at 80 is 1, as torch.clamp's. */
    private static <T> T clamped(ScalarAlgebra<T> a, T t) {
        return a.sub(t, a.relu(a.sub(t, a.constant(EXPONENT_CLAMP))));
    }
}
