package dev.gramian.runtime.tensorflow.bench;

import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.runtime.tensorflow.TensorFlowBackend;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("native")
class GramBenchmarkTest {

    @Test
    void smallBenchmarkAgreesWithinTolerance() {
        GramBenchmark small = new GramBenchmark(new LanguageModelConfig(259, 16, 1, 16, 2, 32), 2, 17, 1, 3);
        try (TensorFlowBackend backend = TensorFlowBackend.onCpu("float32")) {
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
        try (TensorFlowBackend backend = TensorFlowBackend.onCpu("float32")) {
            GramBenchmarkResult result = GramBenchmark.reference().run(backend);
            System.out.println("reference gram benchmark: " + result.toJson() + " probe/step="
                    + result.probeRatio() + " exact/step=" + result.exactRatio());
            assertTrue(result.maxRelErr() < 1e-3, result::toJson);
        }
    }
}
