package dev.gramian.probes.domain;

import dev.gramian.api.probe.DomainGeometry;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;

/**
 * Logs the geometry of per-domain gradients {@code G_1..G_S} every {@code every} steps:
 * {@code gip/mean} = GIP = 2/(S(S−1)) Σ_{i<j} G_i·G_j, {@code gip/cosine_mean} = the mean of
 * G_i·G_j/(‖G_i‖‖G_j‖) over the same pairs, and, when asked, the Gram entries
 * {@code gip/gram/<i>/<j>} for i ≤ j (the diagonal holds the squared norms). With one domain the
 * pair statistics are NaN; a zero gradient makes the cosine NaN.
 */
public final class DomainGipProbe implements GradientProbe {
    private final int every;
    private final boolean gram;

    /**
     * @param every log every this many steps, at least 1
     * @param gram  also log the Gram entries
     */
    public DomainGipProbe(int every, boolean gram) {
        if (every < 1) {
            throw new IllegalArgumentException("interval must be at least 1, got " + every);
        }
        this.every = every;
        this.gram = gram;
    }

    @Override
    public int interval() {
        return every;
    }

    @Override
    public boolean wants(Need need) {
        return need == Need.DOMAINS;
    }

    @Override
    public void observeDomains(DomainGeometry geometry, MetricSink sink) {
        double[][] g = geometry.gram();
        int s = geometry.domains();
        sink.scalar("gip/mean", geometry.meanInnerProduct());
        double cosines = 0;
        for (int i = 0; i < s; i++) {
            for (int j = i + 1; j < s; j++) {
                double norms = Math.sqrt(g[i][i] * g[j][j]);
                cosines += norms > 0 ? g[i][j] / norms : Double.NaN;
            }
        }
        sink.scalar("gip/cosine_mean", s < 2 ? Double.NaN : 2 * cosines / (s * (s - 1.0)));
        if (gram) {
            for (int i = 0; i < s; i++) {
                for (int j = i; j < s; j++) {
                    sink.scalar("gip/gram/" + i + "/" + j, g[i][j]);
                }
            }
        }
    }
}
