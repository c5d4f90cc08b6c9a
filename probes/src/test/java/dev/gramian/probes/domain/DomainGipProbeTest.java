package dev.gramian.probes.domain;

import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.probe.DomainGeometry;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainGipProbeTest {

    private static Map<String, Double> observe(GradientProbe probe, double[][] gram) {
        Map<String, Double> out = new LinkedHashMap<>();
        probe.observeDomains(new DomainGeometry(7, gram, new double[gram.length]), new MetricSink() {
            @Override
            public void scalar(String name, double value) {
                out.put(name, value);
            }

            @Override
            public void row(String table, Map<String, Object> row) {
                throw new AssertionError("no tables expected");
            }
        });
        return out;
    }

    private static GradientProbe probe(Map<String, String> options) {
        var provider = new DomainGipProbeProvider();
        return provider.create(Options.resolve(provider.info(), options));
    }

    @Test
    void logsMeanInnerProductCosineAndEntriesOfAHandComputedGram() {
        // G0 = (2, 0), G1 = (1, 1), G2 = (1, −2): products 2, 2, −1; norms 2, √2, √5.
        double[][] gram = {{4, 2, 2}, {2, 2, -1}, {2, -1, 5}};
        Map<String, Double> metrics = observe(probe(Map.of("every", "3")), gram);
        assertEquals((2 + 2 - 1) / 3.0, metrics.get("gip/mean"), 1e-15);
        double cosines = 2 / (2 * Math.sqrt(2)) + 2 / (2 * Math.sqrt(5)) - 1 / Math.sqrt(10);
        assertEquals(cosines / 3, metrics.get("gip/cosine_mean"), 1e-15);
        assertEquals(2 + 6, metrics.size(), "two summaries and the six entries i ≤ j: " + metrics.keySet());
        assertEquals(5.0, metrics.get("gip/gram/2/2"));
        assertEquals(-1.0, metrics.get("gip/gram/1/2"));
        assertFalse(metrics.containsKey("gip/gram/2/1"));
    }

    @Test
    void degenerateGeometryGivesNaNNotAnError() {
        Map<String, Double> one = observe(probe(Map.of()), new double[][] {{5}});
        assertTrue(one.get("gip/mean").isNaN() && one.get("gip/cosine_mean").isNaN());
        assertEquals(5.0, one.get("gip/gram/0/0"));
        Map<String, Double> zero = observe(probe(Map.of("gram", "false")), new double[][] {{0, 0}, {0, 1}});
        assertEquals(0.0, zero.get("gip/mean"));
        assertTrue(zero.get("gip/cosine_mean").isNaN());
        assertEquals(List.of("gip/mean", "gip/cosine_mean"), List.copyOf(zero.keySet()));
    }

    @Test
    void intervalAndNeedsComeFromTheOptions() {
        GradientProbe probe = probe(Map.of("every", "25"));
        assertEquals(25, probe.interval());
        assertTrue(probe.wants(GradientProbe.Need.DOMAINS));
        assertFalse(probe.wants(GradientProbe.Need.STEP));
        var error = assertThrows(GramianException.class, () -> probe(Map.of("every", "0")));
        assertTrue(error.getMessage().contains("every") && error.getMessage().contains("[1, inf)"), error.getMessage());
    }

    @Test
    void moduleDescriptorAndServicesFileListTheSameProviders() throws IOException {
        ModuleDescriptor descriptor = DomainGipProbe.class.getModule().getDescriptor();
        List<String> declared = descriptor.provides().stream()
                .filter(p -> p.service().equals("dev.gramian.api.plugin.PluginProvider"))
                .flatMap(p -> p.providers().stream()).sorted().toList();
        List<String> listed;
        try (InputStream in = DomainGipProbe.class.getModule()
                .getResourceAsStream("META-INF/services/dev.gramian.api.plugin.PluginProvider")) {
            listed = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        }
        assertFalse(declared.isEmpty());
        assertEquals(declared, listed);
    }
}
