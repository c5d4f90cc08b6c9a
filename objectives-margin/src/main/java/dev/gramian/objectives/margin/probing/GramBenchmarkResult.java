package dev.gramian.objectives.margin.probing;

/**
 * What {@code gramian bench gram} reports, in milliseconds per call after warm-up.
 *
 * @param stepMs       one DPO training step: forward, backward and a plain SGD update of the parameters
 * @param probeMs      the fast Gram path: every pair's ‖g_w‖², ‖g_l‖² and ⟨g_w, g_l⟩ from one batched backward
 * @param exactProbeMs the same entries from one backward pass per sequence
 * @param maxRelErr    the largest disagreement between the two paths: |fast − exact| relative to |exact| for
 *                     squared norms and to ‖g_w‖·‖g_l‖ for inner products (which may be near zero)
 */
public record GramBenchmarkResult(double stepMs, double probeMs, double exactProbeMs, double maxRelErr) {
    public GramBenchmarkResult {
        if (!(stepMs > 0) || !(probeMs > 0) || !(exactProbeMs > 0) || Double.isNaN(maxRelErr)) {
            throw new IllegalArgumentException("timings must be positive and the error a number: " + stepMs + ", "
                    + probeMs + ", " + exactProbeMs + ", " + maxRelErr);
        }
    }

    /** {@code probe_ms / step_ms}; the target is at most 1.5. */
    public double probeRatio() {
        return probeMs / stepMs;
    }

    /** {@code exact_probe_ms / step_ms}. */
    public double exactRatio() {
        return exactProbeMs / stepMs;
    }

    /** One JSON object with exactly the keys step_ms, probe_ms, exact_probe_ms and max_rel_err. */
    public String toJson() {
        return String.format(java.util.Locale.ROOT,
                "{\"step_ms\": %.3f, \"probe_ms\": %.3f, \"exact_probe_ms\": %.3f, \"max_rel_err\": %.3e}",
                stepMs, probeMs, exactProbeMs, maxRelErr);
    }
}
