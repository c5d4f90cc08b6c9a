package com.example.gramian.template;

import dev.gramian.api.probe.DomainGeometry;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;

/** Logs the spread of the training domains' losses and the trace of their gradient Gram matrix. */
public final class LossSpreadProbe implements GradientProbe {
    private final int every;

    /** A probe that looks every {@code every} steps. */
    public LossSpreadProbe(int every) {
        this.every = every;
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
        double[] losses = geometry.losses();
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double trace = 0;
        for (int d = 0; d < geometry.domains(); d++) {
            low = Math.min(low, losses[d]);
            high = Math.max(high, losses[d]);
            trace += geometry.gram()[d][d];
        }
        sink.scalar("spread/loss", high - low);
        sink.scalar("spread/gram_trace", trace);
    }
}
