package dev.gramian.objectives.margin.probing;

import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("native")
class GramBenchmarkTest {

    @Test
    void smallBenchmarkAgreesWithinTolerance() {
        GramBenchmark small = new GramBenchmark(new LanguageModelConfig(259, 16, 1, 16, 2, 32), 2, 17, 1, 3);
        try (Backend backend = backend()) {
            GramBenchmarkResult result = small.run(backend);
            assertTrue(result.maxRelErr() < 1e-3, result::toJson);
            assertTrue(result.toJson().matches("\\{\"step_ms\": [0-9.]+, \"probe_ms\": [0-9.]+, "
                    + "\"exact_probe_ms\": [0-9.]+, \"max_rel_err\": [0-9.e+-]+}"), result::toJson);
        }
    }

    /** The reference figures: {@code mvn test -Dgramian.bench=true -Dtest=GramBenchmarkTest}. */
    @Test
    @Tag("slow")
    @EnabledIfSystemProperty(named = "gramian.bench", matches = "true")
    void referenceConfiguration() {
        try (Backend backend = backend()) {
            GramBenchmarkResult result = GramBenchmark.reference().run(backend);
            System.out.println("reference gram benchmark: " + result.toJson() + " probe/step="
                    + result.probeRatio() + " exact/step=" + result.exactRatio());
            assertTrue(result.maxRelErr() < 1e-3, result::toJson);
        }
    }

    /** The TensorFlow backend on the CPU in float32, found through the catalog as the command line finds it. */
    private static Backend backend() {
        return PluginCatalog.load(List.of()).create(PluginKind.BACKEND, "tensorflow", Map.of("precision", "float32"),
                Backend.class);
    }
}
