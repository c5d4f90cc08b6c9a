package dev.gramian.runtime.tensorflow;

import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;
import dev.gramian.runtime.tensorflow.lm.GraphLanguageModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorFlowBackendProviderTest {

    @Test
    void moduleDescriptorAndServicesFileListTheSameProviders() throws Exception {
        ModuleDescriptor descriptor = TensorFlowBackendProvider.class.getModule().getDescriptor();
        Set<String> declared = descriptor.provides().stream()
                .filter(p -> p.service().equals(PluginProvider.class.getName()))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed;
        try (var in = TensorFlowBackendProvider.class.getModule()
                .getResourceAsStream("META-INF/services/" + PluginProvider.class.getName());
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            listed = reader.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(declared, listed);
        assertEquals(1, declared.size());
    }

    @Test
    void providersNameNoTensorFlowType() throws Exception {
        // Listing plugins must not load the native library: the provider classes may not refer to
        // any org.tensorflow type, so resolving them never loads one.
        for (Class<?> provider : List.of(TensorFlowBackendProvider.class, BackendOptions.class)) {
            try (var in = provider.getResourceAsStream(provider.getSimpleName() + ".class")) {
                String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(!constants.contains("org/tensorflow"), provider + " refers to org.tensorflow");
            }
        }
    }

    @Test
    void catalogFindsBackendAndRejectsBadOptions() {
        PluginCatalog catalog = PluginCatalog.load(List.of());
        assertEquals("tensorflow", catalog.find(PluginKind.BACKEND, "tensorflow").id());
        GramianException bad = assertThrows(GramianException.class, () -> catalog.create(PluginKind.BACKEND,
                "tensorflow", Map.of("precision", "float16"), Backend.class));
        assertTrue(bad.getMessage().contains("float32"), bad.getMessage());
        assertThrows(GramianException.class, () -> catalog.create(PluginKind.BACKEND, "tensorflow",
                Map.of("intra_op_threads", "-1"), Backend.class));
        GramianException memory = assertThrows(GramianException.class, () -> catalog.create(PluginKind.BACKEND,
                "tensorflow", Map.of("activation_memory_mb", "0"), Backend.class));
        assertTrue(memory.getMessage().contains("activation_memory_mb"), memory.getMessage());
    }

    @Test
    @Tag("native")
    void activationMemorySetsHowCallsSplit() {
        // 8 sequences of 65 tokens on 2 layers of width 64, MLP 256, 2 heads: 2 · (16·64 + 5·256 + 3·2·65) = 5,388
        // activation floats per token, 350,220 per sequence of 65; 2 MiB of float32 (524,288) hold one sequence.
        LanguageModelConfig config = new LanguageModelConfig(259, 64, 2, 64, 2, 256);
        List<Sequence> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            batch.add(new Sequence(new int[65], 32));
        }
        PluginCatalog catalog = PluginCatalog.load(List.of());
        try (Backend small = catalog.create(PluginKind.BACKEND, "tensorflow", Map.of("activation_memory_mb", "2"),
                Backend.class);
             Backend defaults = catalog.create(PluginKind.BACKEND, "tensorflow", Map.of(), Backend.class)) {
            GraphLanguageModel split = (GraphLanguageModel) small.languageModel(config, 1);
            GraphLanguageModel whole = (GraphLanguageModel) defaults.languageModel(config, 1);
            assertEquals(8, split.pieces(batch, 1).size());
            assertEquals(4, split.pieces(batch, 2).size());
            assertEquals(1, whole.pieces(batch, 1).size());
        }
    }

    @Test
    @Tag("native")
    void bfloat16FallsBackWithoutHardwareUnlessEmulationIsAsked() {
        boolean hardware = CpuFlags.ofThisMachine().bfloat16Products();
        try (Backend asked = TensorFlowBackend.onCpu("bfloat16")) {
            Map<String, String> facts = asked.describe();
            assertEquals(hardware ? "bfloat16" : "float32", facts.get("precision"), facts.toString());
            assertEquals(hardware ? null : TensorFlowBackend.BFLOAT16_FALLBACK, facts.get("precision_fallback"));
        }
        System.setProperty(TensorFlowBackend.EMULATE_BFLOAT16, "true");
        try (Backend emulated = TensorFlowBackend.onCpu("bfloat16")) {
            assertEquals("bfloat16", emulated.describe().get("precision"));
            assertEquals(null, emulated.describe().get("precision_fallback"));
        } finally {
            System.clearProperty(TensorFlowBackend.EMULATE_BFLOAT16);
        }
    }

    @Test
    @Tag("native")
    void createsAWorkingBackendAndRefusesAMissingGpu() {
        PluginCatalog catalog = PluginCatalog.load(List.of());
        try (Backend backend = catalog.create(PluginKind.BACKEND, "tensorflow",
                Map.of("intra_op_threads", "1", "inter_op_threads", "1"), Backend.class)) {
            assertTrue(backend.describe().get("tensorflow_version").matches("\\d+\\.\\d+.*"));
            assertEquals("cpu", backend.describe().get("device"));
            assertTrue(backend.hasCapability(Backend.Capability.FAST_GRAM));
            assertTrue(!backend.hasCapability(Backend.Capability.GPU));
        }
        // The CPU native build sees no GPU: the error says what to do.
        if (!System.getProperty("gramian.expect.gpu", "false").equals("true")) {
            GramianException e = assertThrows(GramianException.class, () -> catalog.create(PluginKind.BACKEND,
                    "tensorflow", Map.of("device", "gpu"), Backend.class));
            assertEquals(GramianException.Category.BACKEND, e.category());
            assertTrue(e.getMessage().contains("-Pgpu"), e.getMessage());
        }
    }
}
