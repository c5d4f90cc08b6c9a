package dev.gramian.objectives.margin.probing;

/**
 * What {@code gramian bench gram} reports, in milliseconds per call after warm-up.
 *
 * @param stepMs          one DPO training step: forward, backward and a plain SGD update of the parameters
 * @param probeMs         the fast Gram path: every pair's ‖g_w‖², ‖g_l‖² and ⟨g_w, g_l⟩ from one batched backward
 * @param exactProbeMs    the same entries from one backward pass per sequence
 * @param maxRelErr       the largest disagreement between the two paths: |fast − exact| relative to |exact| for
 *                        squared norms and to ‖g_w‖·‖g_l‖ for inner products (which may be near zero)
 * @param stepCpuMs       the process's mean CPU time per step (all threads; 0 where the JVM cannot tell), steadier
 *                        than wall time on a loaded machine
 * @param stepGflopPerS   the step's achieved rate: {@link GramBenchmark#stepFlops()} over {@code stepMs}
 */
public record GramBenchmarkResult(double stepMs, double probeMs, double exactProbeMs, double maxRelErr,
                                  double stepCpuMs, double stepGflopPerS) {
    public GramBenchmarkResult {
        if (!(stepMs > 0) || !(probeMs > 0) || !(exactProbeMs > 0) || Double.isNaN(maxRelErr) || !(stepCpuMs >= 0)
                || !(stepGflopPerS > 0)) {
            throw new IllegalArgumentException("timings and rate must be positive and the error a number: " + stepMs
                    + ", " + probeMs + ", " + exactProbeMs + ", " + maxRelErr + ", " + stepCpuMs + ", " + stepGflopPerS);
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

    /**
     * One JSON object with exactly the keys step_ms, probe_ms, exact_probe_ms, max_rel_err, step_cpu_ms and
     * step_gflop_per_s.
     */
    public String toJson() {
        return String.format(java.util.Locale.ROOT,
                "{\"step_ms\": %.3f, \"probe_ms\": %.3f, \"exact_probe_ms\": %.3f, \"max_rel_err\": %.3e, "
                        + "\"step_cpu_ms\": %.1f, \"step_gflop_per_s\": %.2f}",
                stepMs, probeMs, exactProbeMs, maxRelErr, stepCpuMs, stepGflopPerS);
    }
}
