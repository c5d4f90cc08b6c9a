package dev.gramian.probes.entanglement;

import dev.gramian.api.probe.FirstOrderLaw;
import dev.gramian.api.probe.PairGeometry;

import java.util.Locale;

/**
 * Where the per-pair law puts one pair: the signs of the changes of its chosen and rejected
 * log-probabilities if a small gradient step were taken on the pair alone
 * ({@link FirstOrderLaw#predictPair}). For DPO, ideal ⇔ ⟨g_w,g_l⟩ &lt; min(‖g_w‖², ‖g_l‖²).
 */
public enum EntanglementCase {
    /** Chosen rises, rejected falls. */
    IDEAL,
    /** Both fall: the rejected gradient drags the chosen log-probability down. */
    BOTH_FALL,
    /** Both rise: the chosen gradient drags the rejected log-probability up. */
    BOTH_RISE,
    /** Chosen falls and rejected rises, or a degenerate pair (a zero or non-finite change). */
    OTHER;

    /** The case of pair {@code i} of {@code geometry}. */
    public static EntanglementCase of(PairGeometry geometry, int i) {
        double[] delta = FirstOrderLaw.predictPair(geometry, i, 1.0);
        return of(delta[0], delta[1]);
    }

    /** The case of a predicted change {@code chosen} of lw and {@code rejected} of ll. */
    public static EntanglementCase of(double chosen, double rejected) {
        if (chosen > 0 && rejected < 0) {
            return IDEAL;
        }
        if (chosen < 0 && rejected < 0) {
            return BOTH_FALL;
        }
        if (chosen > 0 && rejected > 0) {
            return BOTH_RISE;
        }
        return OTHER;
    }

    /** The snake-case label used in metric names and tables, e.g. {@code both_fall}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
