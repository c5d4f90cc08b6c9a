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

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                    + "\"exact_probe_ms\": [0-9.]+, \"max_rel_err\": [0-9.e+-]+, \"step_cpu_ms\": [0-9.]+, "
                    + "\"step_gflop_per_s\": [0-9.]+}"), result::toJson);
            assertEquals(small.stepFlops() / 1e9 / (result.stepMs() / 1e3), result.stepGflopPerS(),
                    1e-9 * result.stepGflopPerS());
        }
    }

    @Test
    void stepFlopsCountTheMatrixProductsForwardAndBackward() {
        // One layer, width 8, MLP 16, vocabulary 10; 1 pair of 9 tokens: 2 rows x 8 positions = 16 rows, of
        // which 2 x 7 are scored (the prompt is 2 tokens, so 7 response tokens per sequence).
        GramBenchmark tiny = new GramBenchmark(new LanguageModelConfig(10, 8, 1, 8, 2, 16), 1, 9, 1, 3);
        double rows = 16;
        double linearForward = 2 * rows * (4 * 8 * 8 + 8 * 16 + 16 * 8) + 2 * 14 * 8 * 10;
        // Q·Kᵀ and P·V, 2 FLOP per multiply-add: 2 sequences x 2 heads x 8x8 positions x head width 4 each.
        double attentionForward = 2 * 2 * (2 * 2 * 8 * 8 * 4);
        double embedding = 2 * rows * 10 * 8;
        assertEquals(3 * linearForward + 3 * attentionForward + 2 * embedding, tiny.stepFlops(), 1e-9);
        assertEquals(73280, tiny.stepFlops(), 1e-9);
        // The reference step is about 86 GFLOP, as the issue measured.
        assertEquals(86.07e9, GramBenchmark.reference().stepFlops(), 0.01e9);
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
