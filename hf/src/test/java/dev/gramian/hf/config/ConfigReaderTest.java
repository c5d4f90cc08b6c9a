package dev.gramian.hf.config;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.hf.safetensors.Dtype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReaderTest {

    private static final String LLAMA = """
            {"architectures": ["%s"], "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
             "num_attention_heads": 8, "vocab_size": 100, "max_position_embeddings": 256 %s}""";

    @TempDir
    Path dir;

    private ModelConfig read(String json) throws IOException {
        Path p = dir.resolve("config.json");
        Files.writeString(p, json);
        return ConfigReader.read(p);
    }

    private String failure(String json) throws IOException {
        GramianException e = assertThrows(GramianException.class, () -> read(json));
        assertEquals(GramianException.Category.INPUT, e.category());
        assertEquals(3, e.category().exitCode());
        assertTrue(e.getMessage().startsWith(dir.resolve("config.json").toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void theFixturesParse() {
        ModelConfig gpt2 = ConfigReader.read(Path.of("src/test/resources/hf-tiny/tiny-gpt2/config.json"));
        assertEquals(new Gpt2Config(384, 64, 32, 2, 4, 128, 1e-5, true, Dtype.F32), gpt2);
        DecoderSpec llama = ConfigReader.read(Path.of("src/test/resources/hf-tiny/tiny-llama/config.json")).spec();
        assertEquals(DecoderSpec.Family.LLAMA, llama.family());
        assertEquals(2, llama.keyValueHeads());
        assertEquals(8, llama.headDim());
        assertFalse(llama.tiedHead());
        assertEquals(1e-5, llama.normEpsilon());
        assertEquals(1.0, llama.ropeFrequencies()[0]);
        assertEquals((float) Math.pow(10000, -0.75), llama.ropeFrequencies()[3], 1e-9);
    }

    @Test
    void oldStyleKeysMeanTheSameAsNewOnes() throws IOException {
        LlamaConfig old = (LlamaConfig) read(LLAMA.formatted("LlamaForCausalLM",
                ", \"rope_theta\": 500000.0, \"torch_dtype\": \"bfloat16\", \"rope_scaling\": {\"type\": \"linear\", \"factor\": 4.0}"));
        LlamaConfig fresh = (LlamaConfig) read(LLAMA.formatted("LlamaForCausalLM",
                ", \"dtype\": \"bfloat16\", \"rope_parameters\": {\"rope_theta\": 500000.0, \"rope_type\": \"linear\", \"factor\": 4.0}"));
        assertEquals(old, fresh);
        assertEquals(Dtype.BF16, old.storageType());
        assertEquals(8, old.headDim(), "derived from hidden_size / heads");
        assertEquals(8, old.keyValueHeads(), "defaults to the heads");
        double[] plain = RopeScaling.plain(500000.0).inverseFrequencies(8);
        double[] linear = old.rope().inverseFrequencies(8);
        for (int j = 0; j < 4; j++) {
            assertEquals(plain[j] / 4, linear[j], 1e-7 * plain[j]);
        }
    }

    @Test
    void llama3ScalingKeepsHighFrequenciesAndDividesLowOnes() throws IOException {
        LlamaConfig c = (LlamaConfig) read(LLAMA.formatted("LlamaForCausalLM", ", \"head_dim\": 64, \"rope_theta\": 500000.0,"
                + " \"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 32.0, \"low_freq_factor\": 1.0,"
                + " \"high_freq_factor\": 4.0, \"original_max_position_embeddings\": 8192}"));
        double[] plain = RopeScaling.plain(500000.0).inverseFrequencies(64);
        double[] scaled = c.rope().inverseFrequencies(64);
        assertEquals(plain[0], scaled[0], 0, "wavelength 2π < 8192/4: unchanged");
        assertEquals(plain[31] / 32, scaled[31], 1e-7 * plain[31], "wavelength > 8192: divided by the factor");
        int medium = 0;
        for (int j = 0; j < 32; j++) {
            double wavelength = 2 * Math.PI / plain[j];
            if (wavelength >= 2048 && wavelength <= 8192) {
                medium++;
                double s = (8192 / wavelength - 1) / 3;
                assertEquals((1 - s) * plain[j] / 32 + s * plain[j], scaled[j], 1e-6 * plain[j]);
            }
        }
        assertTrue(medium > 0, "some frequencies are in the smoothed band");
    }

    @Test
    void qwen2HasQkvBiasesAndMistralIsCappedAtItsWindow() throws IOException {
        DecoderSpec qwen = read(LLAMA.formatted("Qwen2ForCausalLM", ", \"tie_word_embeddings\": true")).spec();
        assertTrue(qwen.qkvBias());
        assertFalse(qwen.outputBias());
        assertTrue(qwen.tiedHead());
        assertTrue(qwen.layout().containsKey("model.layers.1.self_attn.k_proj.bias"));
        assertFalse(qwen.layout().containsKey("model.layers.1.self_attn.o_proj.bias"));
        DecoderSpec mistral = read(LLAMA.formatted("MistralForCausalLM", ", \"sliding_window\": 128, \"num_key_value_heads\": 2")).spec();
        assertEquals(128, mistral.context());
        assertArrayEquals(new int[]{16, 64}, mistral.layout().get("model.layers.0.self_attn.v_proj.weight"));
    }

    @Test
    void unsupportedChoicesNameTheKeyAndTheSupportedValues() throws IOException {
        String arch = failure(LLAMA.formatted("GemmaForCausalLM", ""));
        assertTrue(arch.contains("architectures: 'GemmaForCausalLM' is not supported; supported: GPT2LMHeadModel, "
                + "LlamaForCausalLM, Qwen2ForCausalLM, MistralForCausalLM"), arch);
        String rope = failure(LLAMA.formatted("LlamaForCausalLM", ", \"rope_scaling\": {\"type\": \"dynamic\", \"factor\": 2.0}"));
        assertTrue(rope.contains("rope_scaling.type: 'dynamic' is not supported; supported: default, linear, llama3"), rope);
        String rope5 = failure(LLAMA.formatted("LlamaForCausalLM", ", \"rope_parameters\": {\"rope_type\": \"yarn\", \"rope_theta\": 10000}"));
        assertTrue(rope5.contains("rope_parameters.rope_type: 'yarn'"), rope5);
        assertTrue(failure(LLAMA.formatted("LlamaForCausalLM", ", \"hidden_act\": \"gelu\"")).contains("hidden_act"));
        assertTrue(failure(LLAMA.formatted("LlamaForCausalLM", ", \"torch_dtype\": \"int8\"")).contains("torch_dtype: 'int8'"));
        assertTrue(failure("{\"architectures\": [\"LlamaForCausalLM\"]}").contains("hidden_size: missing"));
        assertTrue(failure(LLAMA.formatted("LlamaForCausalLM", ", \"num_key_value_heads\": 3")).contains("num_key_value_heads"));
        assertTrue(failure("{\"architectures\": [\"GPT2LMHeadModel\"], \"n_embd\": 32, \"n_head\": 4, \"n_layer\": 1,"
                + " \"vocab_size\": 10, \"n_positions\": 8, \"activation_function\": \"relu\"}").contains("activation_function"));
        assertTrue(failure("not json").contains("not valid JSON"));
        assertTrue(failure("{\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": \"big\"}").contains("hidden_size: not a positive integer"));
    }
}
