package dev.gramian.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.hf.safetensors.Dtype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelExportTest {

    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anExportedFolderKeepsTheConfigAndTokenizerAndLoadsBack() throws IOException {
        PretrainedWeights source = ModelFolder.load(ModelFolderTest.LLAMA);
        Path out = dir.resolve("exported");
        ModelExport.writeModel(ModelFolderTest.LLAMA, source.config().spec(), source.weights(), Dtype.BF16, out);
        for (String name : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "chat_template.jinja", "generation_config.json")) {
            assertTrue(Files.exists(out.resolve(name)), name);
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode before = json.readTree(ModelFolderTest.LLAMA.resolve("config.json").toFile());
        JsonNode after = json.readTree(out.resolve("config.json").toFile());
        assertEquals("bfloat16", after.get("dtype").asText(), "the key the source used");
        for (Iterator<Map.Entry<String, JsonNode>> it = before.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("dtype")) {
                assertEquals(e.getValue(), after.get(e.getKey()), e.getKey());
            }
        }
        assertEquals(Files.readString(ModelFolderTest.LLAMA.resolve("chat_template.jinja")),
                Files.readString(out.resolve("chat_template.jinja")));
        PretrainedWeights back = ModelFolder.load(out);
        assertEquals(Dtype.BF16, back.storageType());
        double[] original = source.weights().values("model.layers.1.mlp.down_proj.weight");
        double[] stored = back.weights().values("model.layers.1.mlp.down_proj.weight");
        for (int i = 0; i < original.length; i++) {
            assertEquals(original[i], stored[i], Math.abs(original[i]) / 256);
        }
        assertEquals(List.of("exported"), listing(), "no temporary folder left");
        Path f32 = dir.resolve("f32");
        ModelExport.writeModel(ModelFolderTest.GPT2, ModelFolder.load(ModelFolderTest.GPT2).config().spec(),
                ModelFolder.load(ModelFolderTest.GPT2).weights(), Dtype.F32, f32);
        assertEquals(ModelFolder.load(ModelFolderTest.GPT2).weights(), ModelFolder.load(f32).weights());
        assertTrue(json.readTree(f32.resolve("config.json").toFile()).has("dtype"));
    }

    @Test
    void anExistingFolderIsRefusedAndAFailureLeavesNothing() throws IOException {
        PretrainedWeights source = ModelFolder.load(ModelFolderTest.GPT2);
        DecoderSpec spec = source.config().spec();
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(taken.resolve("keep.txt"), "mine");
        GramianException exists = assertThrows(GramianException.class,
                () -> ModelExport.writeModel(ModelFolderTest.GPT2, spec, source.weights(), Dtype.F32, taken));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        assertEquals(List.of("keep.txt"), Files.list(taken).map(p -> p.getFileName().toString()).toList());
        Path noConfig = Files.createDirectories(dir.resolve("no-config"));
        GramianException broken = assertThrows(GramianException.class,
                () -> ModelExport.writeModel(noConfig, spec, source.weights(), Dtype.F32, dir.resolve("out")));
        assertTrue(broken.getMessage().contains("config.json"), broken.getMessage());
        assertEquals(List.of("no-config", "taken"), listing(), "neither the target nor a temporary folder remains");
        assertThrows(GramianException.class, () -> ModelExport.writeModel(ModelFolderTest.GPT2, spec, source.weights(),
                Dtype.I32, dir.resolve("int")));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ModelExport.writeModel(ModelFolderTest.GPT2, spec, source.weights(), Dtype.F16, empty);
        assertTrue(Files.exists(empty.resolve("model.safetensors")), "an empty folder is filled");
    }

    @Test
    void anAdapterFolderIsWhatPeftWritesAndReadsBack() throws IOException {
        DecoderSpec spec = ModelFolder.load(ModelFolderTest.GPT2).config().spec();
        ParameterSet adapter = new ParameterSet(List.of(
                new ParameterSet.Parameter("transformer.h.0.attn.c_attn.lora_A.weight", new int[]{2, 32}, ramp(64, 0.01)),
                new ParameterSet.Parameter("transformer.h.0.attn.c_attn.lora_B.weight", new int[]{96, 2}, ramp(192, -0.5))));
        LoraSpec lora = new LoraSpec(2, 16, 0.05, List.of(), false);
        Path out = dir.resolve("adapter");
        ModelExport.writeAdapter(ModelFolderTest.GPT2, spec, lora, adapter, out);
        JsonNode config = new ObjectMapper().readTree(out.resolve("adapter_config.json").toFile());
        assertEquals("LORA", config.get("peft_type").asText());
        assertEquals(2, config.get("r").asInt());
        assertEquals(16, config.get("lora_alpha").asDouble());
        assertEquals("c_attn", config.get("target_modules").get(0).asText());
        assertTrue(config.get("fan_in_fan_out").asBoolean());
        assertEquals("none", config.get("bias").asText());
        try (var file = dev.gramian.hf.safetensors.SafetensorsFile.open(out.resolve("adapter_model.safetensors"))) {
            assertTrue(file.tensors().containsKey("base_model.model.transformer.h.0.attn.c_attn.lora_A.weight"));
        }
        PeftAdapter back = PeftAdapter.read(out);
        assertEquals(new LoraSpec(2, 16, 0.05, List.of("c_attn"), false), back.lora());
        assertEquals(adapter.names(), back.weights().names());
        double[] b = back.weights().values("transformer.h.0.attn.c_attn.lora_B.weight");
        double[] expected = adapter.values("transformer.h.0.attn.c_attn.lora_B.weight");
        for (int i = 0; i < b.length; i++) {
            assertEquals((float) expected[i], b[i], 0);
        }
        assertFalse(Files.exists(out.resolve("model.safetensors")));
    }

    private static double[] ramp(int n, double step) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = step * (i - n / 3.0);
        }
        return v;
    }

    @Test
    void unexpectedWeightsAreRefusedBeforeAnythingIsWritten() {
        PretrainedWeights source = ModelFolder.load(ModelFolderTest.GPT2);
        ParameterSet partial = new ParameterSet(source.weights().parameters().subList(0, 3));
        assertThrows(IllegalArgumentException.class, () -> ModelExport.writeModel(ModelFolderTest.GPT2,
                source.config().spec(), partial, Dtype.F32, dir.resolve("x")));
        assertArrayEquals(new String[0], dir.toFile().list());
    }
}
