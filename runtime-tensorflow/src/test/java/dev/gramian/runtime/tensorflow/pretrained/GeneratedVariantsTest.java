package dev.gramian.runtime.tensorflow.pretrained;

import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.TokenStatistics;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.hf.ModelFolder;
import dev.gramian.hf.PretrainedWeights;
import dev.gramian.hf.config.ConfigReader;
import dev.gramian.hf.safetensors.Dtype;
import dev.gramian.hf.safetensors.SafetensorsWriter;
import dev.gramian.hf.safetensors.WeightFiles;
import dev.gramian.runtime.tensorflow.graph.Precision;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the fixtures do not cover, generated here: model folders written with BF16/F16 storage,
 * shards, old-style config keys, names without prefixes and GPT-2's mask buffers, Qwen2's biases,
 * Llama's attention and MLP biases, the linear and llama3 rope types, a tied Llama head and an
 * untied GPT-2 one. Each is loaded by the hf module and checked against the plain float64
 * {@link ReferenceDecoder}, and its gradients against finite differences of that reference.
 */
@Tag("native")
class GeneratedVariantsTest {

    static final SessionSettings F64 = SessionSettings.defaults().withPrecision(Precision.FLOAT64);

    /** A generated model folder: its config.json and how its weights are stored. */
    enum Variant {
        QWEN2_TIED_BF16_SHARDED_UNPREFIXED("""
                {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": 16,
                 "intermediate_size": 24, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "vocab_size": 40, "max_position_embeddings": 32, "rope_theta": 1000000.0, "rms_norm_eps": 1e-6,
                 "tie_word_embeddings": true, "torch_dtype": "bfloat16"}""", Dtype.BF16, 4_000, n -> n.replace("model.", "")),
        LLAMA_BIASES_LINEAR_ROPE_F16("""
                {"architectures": ["LlamaForCausalLM"], "hidden_size": 16, "intermediate_size": 20,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "head_dim": 6, "vocab_size": 40,
                 "max_position_embeddings": 32, "attention_bias": true, "mlp_bias": true, "rope_theta": 500.0,
                 "rope_scaling": {"type": "linear", "factor": 2.0}, "torch_dtype": "float16"}""", Dtype.F16, 1L << 30, n -> n),
        LLAMA3_ROPE_GQA("""
                {"architectures": ["LlamaForCausalLM"], "hidden_size": 16, "intermediate_size": 20,
                 "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1, "vocab_size": 40,
                 "max_position_embeddings": 32, "dtype": "float32", "tie_word_embeddings": false,
                 "rope_parameters": {"rope_type": "llama3", "rope_theta": 10000.0, "factor": 8.0, "low_freq_factor": 1.0,
                 "high_freq_factor": 4.0, "original_max_position_embeddings": 16}}""", Dtype.F32, 1L << 30, n -> n),
        MISTRAL_TIED("""
                {"architectures": ["MistralForCausalLM"], "hidden_size": 12, "intermediate_size": 16,
                 "num_hidden_layers": 2, "num_attention_heads": 3, "num_key_value_heads": 1, "vocab_size": 40,
                 "max_position_embeddings": 64, "sliding_window": 32, "tie_word_embeddings": true}""", Dtype.F32,
                1L << 30, n -> n),
        GPT2_UNTIED_F16_UNPREFIXED("""
                {"architectures": ["GPT2LMHeadModel"], "n_embd": 12, "n_head": 3, "n_layer": 2, "n_positions": 32,
                 "vocab_size": 40, "tie_word_embeddings": false, "torch_dtype": "float16"}""", Dtype.F16, 1L << 30,
                n -> n.replace("transformer.", ""));

        final String config;
        final Dtype storage;
        final long shardBytes;
        final UnaryOperator<String> rename;

        Variant(String config, Dtype storage, long shardBytes, UnaryOperator<String> rename) {
            this.config = config;
            this.storage = storage;
            this.shardBytes = shardBytes;
            this.rename = rename;
        }
    }

    @TempDir
    Path dir;

    /** Writes the variant's folder with random weights and loads it back through the hf module. */
    private PretrainedWeights folder(Variant variant) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(variant.name()));
        Files.writeString(folder.resolve("config.json"), variant.config);
        DecoderSpec spec = ConfigReader.read(folder.resolve("config.json")).spec();
        ParameterSet weights = ReferenceDecoder.randomWeights(spec, variant.ordinal(), 0.4);
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        weights.parameters().forEach(p -> tensors.add(new SafetensorsWriter.Tensor(variant.rename.apply(p.name()),
                p.shape(), p.values())));
        if (spec.family() == DecoderSpec.Family.GPT2) {
            tensors.add(new SafetensorsWriter.Tensor("h.0.attn.bias", new int[]{1, 1, 32, 32}, new double[32 * 32]));
        }
        WeightFiles.write(folder, tensors, variant.storage, variant.shardBytes);
        assertEquals(variant.shardBytes < 1L << 20, Files.exists(folder.resolve(WeightFiles.INDEX)));
        PretrainedWeights loaded = ModelFolder.load(folder);
        assertEquals(variant.storage, loaded.storageType());
        return loaded;
    }

    static List<Sequence> sequences(int vocabulary, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Sequence> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int[] tokens = new int[6 + random.nextInt(9)];
            for (int j = 0; j < tokens.length; j++) {
                tokens[j] = random.nextInt(vocabulary);
            }
            out.add(new Sequence(tokens, 2 + random.nextInt(3)));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void logProbabilitiesMatchTheFloat64Reference(Variant variant) throws IOException {
        PretrainedWeights w = folder(variant);
        DecoderSpec spec = w.config().spec();
        ReferenceDecoder reference = new ReferenceDecoder(spec, w.weights());
        List<Sequence> batch = sequences(spec.vocabularySize(), 7);
        try (DecoderModel f64 = new DecoderModel(spec, w.weights().copy(), F64);
             DecoderModel f32 = new DecoderModel(spec, w.weights().copy(), SessionSettings.defaults())) {
            double[] exact = f64.score(batch).logp();
            double[] single = f32.score(batch).logp();
            for (int i = 0; i < batch.size(); i++) {
                double expected = reference.logp(batch.get(i));
                HfFixtureTest.assertRelative(expected, exact[i], 1e-10, variant + " float64 " + i);
                HfFixtureTest.assertRelative(expected, single[i], 1e-5, variant + " float32 " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void tokenStatisticsMatchTheFloat64ReferenceLogits(Variant variant) throws IOException {
        PretrainedWeights w = folder(variant);
        DecoderSpec spec = w.config().spec();
        ReferenceDecoder reference = new ReferenceDecoder(spec, w.weights());
        List<Sequence> batch = sequences(spec.vocabularySize(), 11);
        try (DecoderModel f64 = new DecoderModel(spec, w.weights().copy(), F64)) {
            f64.budgets(2L * spec.vocabularySize(), DecoderModel.ACTIVATION_BUDGET);
            TokenStatistics stats = f64.tokenStatistics(batch);
            for (int i = 0; i < batch.size(); i++) {
                Sequence s = batch.get(i);
                double[][] logits = reference.responseLogits(s);
                assertEquals(logits.length, stats.responseLength(i));
                HfFixtureTest.assertRelative(reference.logp(s), stats.sequenceLogp()[i], 1e-10, variant + " " + i);
                for (int j = 0; j < logits.length; j++) {
                    double max = Double.NEGATIVE_INFINITY;
                    double mean = 0;
                    for (double z : logits[j]) {
                        max = Math.max(max, z);
                        mean += z / logits[j].length;
                    }
                    double sum = 0;
                    for (double z : logits[j]) {
                        sum += Math.exp(z - max);
                    }
                    double lse = max + Math.log(sum);
                    double entropy = 0;
                    double squares = 0;
                    for (double z : logits[j]) {
                        entropy -= Math.exp(z - lse) * (z - lse);
                        squares += Math.exp(2 * (z - lse));
                    }
                    String at = variant + " sequence " + i + " token " + j;
                    assertEquals(logits[j][s.token(s.responseStart() + j)] - lse, stats.tokenLogp()[i][j], 1e-9, at);
                    assertEquals(entropy, stats.entropy()[i][j], 1e-9, at);
                    assertEquals(mean, stats.meanLogit()[i][j], 1e-9, at);
                    assertEquals(Math.log(squares), stats.logSumSquares()[i][j], 1e-9, at);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void gradientsMatchFiniteDifferencesOfTheReference(Variant variant) throws IOException {
        PretrainedWeights w = folder(variant);
        DecoderSpec spec = w.config().spec();
        List<Sequence> batch = sequences(spec.vocabularySize(), 11);
        double[] weights = {0.7, -1.3, 0.4};
        ParameterSet gradient;
        try (DecoderModel model = new DecoderModel(spec, w.weights().copy(), F64)) {
            gradient = model.weightedLogProbGradient(batch, weights);
        }
        ParameterSet theta = w.weights().copy();
        SplittableRandom random = new SplittableRandom(3);
        int checked = 0;
        for (ParameterSet.Parameter p : theta.parameters()) {
            // Two coordinates of every parameter, tied embeddings and biases included.
            for (int k = 0; k < 2; k++) {
                int i = random.nextInt(p.values().length);
                double original = p.values()[i];
                double h = 1e-5;
                p.values()[i] = original + h;
                double plus = weightedReference(spec, theta, batch, weights);
                p.values()[i] = original - h;
                double minus = weightedReference(spec, theta, batch, weights);
                p.values()[i] = original;
                double numeric = (plus - minus) / (2 * h);
                double analytic = gradient.values(p.name())[i];
                assertEquals(numeric, analytic, 1e-6 + 1e-5 * Math.abs(numeric), variant + " " + p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked >= 2 * spec.layout().size());
    }

    private static double weightedReference(DecoderSpec spec, ParameterSet theta, List<Sequence> batch, double[] weights) {
        ReferenceDecoder reference = new ReferenceDecoder(spec, theta);
        double sum = 0;
        for (int i = 0; i < batch.size(); i++) {
            sum += weights[i] * reference.logp(batch.get(i));
        }
        return sum;
    }
}
