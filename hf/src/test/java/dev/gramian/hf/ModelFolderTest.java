package dev.gramian.hf;

import dev.gramian.api.GramianException;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.hf.safetensors.Dtype;
import dev.gramian.hf.safetensors.SafetensorsFile;
import dev.gramian.hf.safetensors.SafetensorsWriter;
import dev.gramian.hf.safetensors.WeightFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFolderTest {

    static final Path GPT2 = Path.of("src/test/resources/hf-tiny/tiny-gpt2");
    static final Path LLAMA = Path.of("src/test/resources/hf-tiny/tiny-llama");

    @TempDir
    Path dir;

    /** The fixture's tensors renamed by {@code rename} (null drops one), plus {@code extra}. */
    static List<SafetensorsWriter.Tensor> tensors(Path fixture, UnaryOperator<String> rename,
                                                   List<SafetensorsWriter.Tensor> extra) {
        List<SafetensorsWriter.Tensor> out = new ArrayList<>();
        try (SafetensorsFile f = SafetensorsFile.open(fixture.resolve("model.safetensors"))) {
            for (var e : f.tensors().values()) {
                String name = rename.apply(e.name());
                if (name != null) {
                    out.add(new SafetensorsWriter.Tensor(name, e.intShape(), f.readDoubles(e.name())));
                }
            }
        }
        out.addAll(extra);
        return out;
    }

    private Path folder(Path fixture, List<SafetensorsWriter.Tensor> tensors, Dtype dtype, long shardBytes)
            throws IOException {
        Path out = Files.createDirectories(dir.resolve("m" + System.nanoTime()));
        Files.copy(fixture.resolve("config.json"), out.resolve("config.json"));
        WeightFiles.write(out, tensors, dtype, shardBytes);
        return out;
    }

    private String failure(Path folder) {
        GramianException e = assertThrows(GramianException.class, () -> ModelFolder.load(folder));
        assertEquals(GramianException.Category.INPUT, e.category());
        return e.getMessage();
    }

    @Test
    void theFixturesLoadUnderTheirCanonicalNames() {
        PretrainedWeights gpt2 = ModelFolder.load(GPT2);
        assertEquals(gpt2.config().spec().layout().keySet(), new java.util.LinkedHashSet<>(gpt2.weights().names()));
        assertEquals(Dtype.F32, gpt2.storageType());
        try (SafetensorsFile f = SafetensorsFile.open(GPT2.resolve("model.safetensors"))) {
            assertArrayEquals(f.readDoubles("transformer.h.1.mlp.c_fc.weight"),
                    gpt2.weights().values("transformer.h.1.mlp.c_fc.weight"));
        }
        PretrainedWeights llama = ModelFolder.load(LLAMA);
        assertArrayEquals(new int[]{416, 32}, llama.weights().get("lm_head.weight").shape());
        assertArrayEquals(new int[]{16, 32}, llama.weights().get("model.layers.0.self_attn.k_proj.weight").shape());
    }

    @Test
    void unprefixedNamesMaskBuffersAndShardsLoadTheSameWeights() throws IOException {
        List<SafetensorsWriter.Tensor> old = tensors(GPT2, n -> n.replace("transformer.", ""), List.of(
                new SafetensorsWriter.Tensor("h.0.attn.bias", new int[]{1, 1, 64, 64}, new double[64 * 64]),
                new SafetensorsWriter.Tensor("h.0.attn.masked_bias", new int[]{}, new double[]{-1e4})));
        Path folder = folder(GPT2, old, Dtype.F32, 20_000);
        assertTrue(Files.exists(folder.resolve(WeightFiles.INDEX)), "written as shards");
        assertEquals(ModelFolder.load(GPT2).weights(), ModelFolder.load(folder).weights());
        Path unprefixedLlama = folder(LLAMA, tensors(LLAMA, n -> n.replace("model.", ""), List.of()), Dtype.F32, 1L << 30);
        assertEquals(ModelFolder.load(LLAMA).weights(), ModelFolder.load(unprefixedLlama).weights());
    }

    @Test
    void bfloat16WeightsAreWidenedExactly() throws IOException {
        Path folder = folder(LLAMA, tensors(LLAMA, n -> n, List.of()), Dtype.BF16, 1L << 30);
        PretrainedWeights w = ModelFolder.load(folder);
        assertEquals(Dtype.BF16, w.storageType());
        double[] original = ModelFolder.load(LLAMA).weights().values("model.norm.weight");
        double[] stored = w.weights().values("model.norm.weight");
        for (int i = 0; i < original.length; i++) {
            float rounded = Float.intBitsToFloat((Float.floatToIntBits((float) original[i]) + 0x7fff
                    + ((Float.floatToIntBits((float) original[i]) >>> 16) & 1)) & 0xffff0000);
            assertEquals(rounded, stored[i], 0);
        }
    }

    @Test
    void missingMisShapedUnexpectedAndDuplicatedTensorsAreNamed() throws IOException {
        String missing = failure(folder(LLAMA, tensors(LLAMA, n -> n.equals("model.layers.1.mlp.up_proj.weight") ? null : n,
                List.of()), Dtype.F32, 1L << 30));
        assertTrue(missing.contains("missing tensor 'model.layers.1.mlp.up_proj.weight' of shape [64, 32]"), missing);
        List<SafetensorsWriter.Tensor> reshaped = tensors(LLAMA, n -> n.equals("lm_head.weight") ? null : n,
                List.of(new SafetensorsWriter.Tensor("lm_head.weight", new int[]{400, 32}, new double[400 * 32])));
        String shape = failure(folder(LLAMA, reshaped, Dtype.F32, 1L << 30));
        assertTrue(shape.contains("'lm_head.weight' has shape [400, 32]; config.json implies [416, 32]"), shape);
        String unexpected = failure(folder(LLAMA, tensors(LLAMA, n -> n, List.of(
                new SafetensorsWriter.Tensor("model.layers.0.self_attn.q_proj.bias", new int[]{32}, new double[32]))),
                Dtype.F32, 1L << 30));
        assertTrue(unexpected.contains("unexpected tensor 'model.layers.0.self_attn.q_proj.bias'"), unexpected);
        String twice = failure(folder(GPT2, tensors(GPT2, n -> n, List.of(
                new SafetensorsWriter.Tensor("ln_f.bias", new int[]{32}, new double[32]))), Dtype.F32, 1L << 30));
        assertTrue(twice.contains("are both transformer.ln_f.bias"), twice);
        Path noWeights = Files.createDirectories(dir.resolve("empty"));
        Files.copy(GPT2.resolve("config.json"), noWeights.resolve("config.json"));
        assertTrue(failure(noWeights).contains("no model.safetensors"));
        assertTrue(failure(dir.resolve("nothing")).contains("config.json"));
    }

    @Test
    void anIndexThatPointsNowhereIsAnError() throws IOException {
        Path folder = folder(GPT2, tensors(GPT2, n -> n, List.of()), Dtype.F32, 20_000);
        String index = Files.readString(folder.resolve(WeightFiles.INDEX));
        Files.writeString(folder.resolve(WeightFiles.INDEX), index.replaceFirst("model-00001-of", "model-00009-of"));
        assertTrue(failure(folder).contains("which does not exist"));
        Files.writeString(folder.resolve(WeightFiles.INDEX), index.replaceFirst("\"model-00001-of-[0-9]+.safetensors\"",
                "\"../x.safetensors\""));
        assertTrue(failure(folder).contains("not a file name in the folder"));
    }

    @Test
    void parameterSetsKeepTheLayoutOrder() {
        ParameterSet w = ModelFolder.load(GPT2).weights();
        assertEquals("transformer.wte.weight", w.names().get(0));
        assertEquals("transformer.ln_f.bias", w.names().get(w.names().size() - 1));
    }
}
