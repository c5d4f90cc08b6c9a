package dev.gramian.runtime.tensorflow.pretrained;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.DecoderSpec;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.hf.ModelFolder;
import dev.gramian.hf.PretrainedWeights;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LoRA on the fixtures: PEFT's defaults and initialisation, the adapted forward equal to the
 * reference forward of the merged weights, the base model from the same graph, gradients over the
 * adapter only (finite differences), and dropout only in training steps.
 */
@Tag("native")
class AdaptedDecoderModelTest {

    static AdaptedDecoderModel adapted(String fixture, LoraSpec lora, SessionSettings settings) {
        PretrainedWeights w = ModelFolder.load(HfFixtureTest.FIXTURES.resolve(fixture));
        return new AdaptedDecoderModel(w.config().spec(), w.weights(), lora, 5, settings);
    }

    static void randomise(ParameterSet adapter, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (ParameterSet.Parameter p : adapter.parameters()) {
            if (p.name().endsWith("lora_B.weight")) {
                double[] v = p.values();
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.3 * (2 * random.nextDouble() - 1);
                }
            }
        }
    }

    @Test
    void peftDefaultsTargetQAndVWithKaimingAAndZeroB() throws IOException {
        try (AdaptedDecoderModel model = adapted("tiny-llama", new LoraSpec(4, 8, 0, List.of(), false),
                SessionSettings.defaults())) {
            assertEquals(List.of("model.layers.0.self_attn.q_proj.lora_A.weight", "model.layers.0.self_attn.q_proj.lora_B.weight",
                    "model.layers.0.self_attn.v_proj.lora_A.weight", "model.layers.0.self_attn.v_proj.lora_B.weight",
                    "model.layers.1.self_attn.q_proj.lora_A.weight", "model.layers.1.self_attn.q_proj.lora_B.weight",
                    "model.layers.1.self_attn.v_proj.lora_A.weight", "model.layers.1.self_attn.v_proj.lora_B.weight"),
                    model.parameters().names());
            assertArrayEquals(new int[]{4, 32}, model.parameters().get("model.layers.0.self_attn.v_proj.lora_A.weight").shape());
            assertArrayEquals(new int[]{16, 4}, model.parameters().get("model.layers.0.self_attn.v_proj.lora_B.weight").shape());
            double[] a = model.parameters().values("model.layers.0.self_attn.q_proj.lora_A.weight");
            double max = 0;
            for (double v : a) {
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max <= 1 / Math.sqrt(32) && max > 0.8 / Math.sqrt(32), "uniform in ±1/√in: " + max);
            assertEquals(0, model.parameters().values("model.layers.1.self_attn.v_proj.lora_B.weight")[3]);
            List<Sequence> batch = DecoderTrainingTest.chosen(HfFixtureTest.rows("tiny-llama").subList(0, 4));
            assertArrayEquals(model.baseScore(batch).logp(), model.score(batch).logp(), 0, "B = 0 changes nothing");
        }
        try (AdaptedDecoderModel gpt2 = adapted("tiny-gpt2", new LoraSpec(2, 4, 0, List.of(), true), SessionSettings.defaults())) {
            assertEquals(4, gpt2.parameters().names().size(), "c_attn of two blocks");
            assertArrayEquals(new int[]{96, 2}, gpt2.parameters().get("transformer.h.1.attn.c_attn.lora_B.weight").shape());
            assertEquals(4 / Math.sqrt(2), gpt2.lora().scale(), 1e-15);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void theAdaptedModelIsTheMergedModelAndTheBaseStaysReachable(String fixture) throws IOException {
        LoraSpec lora = fixture.equals("tiny-gpt2") ? new LoraSpec(3, 6, 0, List.of("c_attn", "c_fc"), false)
                : new LoraSpec(3, 6, 0, List.of("q_proj", "v_proj", "down_proj"), false);
        List<Sequence> batch = DecoderTrainingTest.rejected(HfFixtureTest.rows(fixture).subList(0, 4));
        try (AdaptedDecoderModel model = adapted(fixture, lora, GeneratedVariantsTest.F64)) {
            randomise(model.parameters(), 9);
            DecoderSpec spec = model.spec();
            ReferenceDecoder merged = new ReferenceDecoder(spec, model.mergedWeights());
            ReferenceDecoder base = new ReferenceDecoder(spec, model.baseWeights());
            double[] adaptedLogp = model.score(batch).logp();
            double[] baseLogp = model.baseScore(batch).logp();
            for (int i = 0; i < batch.size(); i++) {
                HfFixtureTest.assertRelative(merged.logp(batch.get(i)), adaptedLogp[i], 1e-10, fixture + " adapted " + i);
                HfFixtureTest.assertRelative(base.logp(batch.get(i)), baseLogp[i], 1e-10, fixture + " base " + i);
                assertNotEquals(adaptedLogp[i], baseLogp[i], 1e-6);
            }
        }
    }

    @Test
    void gradientsCoverTheAdapterOnlyAndMatchFiniteDifferences() throws IOException {
        List<Sequence> batch = DecoderTrainingTest.chosen(HfFixtureTest.rows("tiny-llama").subList(2, 5));
        double[] weights = {1, -0.5, 2};
        try (AdaptedDecoderModel model = adapted("tiny-llama", new LoraSpec(2, 4, 0, List.of(), false),
                GeneratedVariantsTest.F64)) {
            randomise(model.parameters(), 4);
            ParameterSet gradient = model.weightedLogProbGradient(batch, weights);
            assertTrue(gradient.sameLayout(model.parameters()));
            SplittableRandom random = new SplittableRandom(8);
            for (ParameterSet.Parameter p : model.parameters().parameters()) {
                int i = random.nextInt(p.values().length);
                double original = p.values()[i];
                double h = 1e-5;
                p.values()[i] = original + h;
                double plus = weighted(model.score(batch).logp(), weights);
                p.values()[i] = original - h;
                double minus = weighted(model.score(batch).logp(), weights);
                p.values()[i] = original;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, gradient.values(p.name())[i], 1e-6 + 1e-5 * Math.abs(numeric), p.name());
            }
        }
    }

    private static double weighted(double[] logp, double[] weights) {
        double s = 0;
        for (int i = 0; i < logp.length; i++) {
            s += weights[i] * logp[i];
        }
        return s;
    }

    @Test
    void dropoutActsInTrainingStepsOnly() throws IOException {
        List<Sequence> batch = DecoderTrainingTest.chosen(HfFixtureTest.rows("tiny-gpt2").subList(0, 3));
        try (AdaptedDecoderModel plain = adapted("tiny-gpt2", new LoraSpec(2, 4, 0, List.of(), false), GeneratedVariantsTest.F64);
             AdaptedDecoderModel dropped = adapted("tiny-gpt2", new LoraSpec(2, 4, 0.5, List.of(), false), GeneratedVariantsTest.F64)) {
            randomise(plain.parameters(), 2);
            dropped.parameters().copyFrom(plain.parameters());
            assertArrayEquals(plain.score(batch).logp(), dropped.score(batch).logp(), 1e-12);
            DecoderTrainingTest.assertSameGradient(plain.weightedLogProbGradient(batch, new double[]{1, 1, 1}),
                    dropped.weightedLogProbGradient(batch, new double[]{1, 1, 1}));
            ParameterSet a = plain.nextTokenLossAndGradient(batch).gradient();
            ParameterSet b = dropped.nextTokenLossAndGradient(batch).gradient();
            ParameterSet c = dropped.nextTokenLossAndGradient(batch).gradient();
            assertTrue(Double.isFinite(b.squaredNorm()));
            b.addScaled(a, -1);
            assertTrue(b.squaredNorm() > 1e-6 * a.squaredNorm(), "dropout changes the training gradient");
            c.addScaled(a, -1);
            assertNotEquals(b.squaredNorm(), c.squaredNorm(), "each step draws new masks");
        }
    }

    @Test
    void anUnknownTargetNamesTheModulesThereAre() {
        GramianException e = assertThrows(GramianException.class, () -> adapted("tiny-llama",
                new LoraSpec(2, 4, 0, List.of("c_attn"), false), SessionSettings.defaults()));
        assertTrue(e.getMessage().contains("'c_attn'") && e.getMessage().contains("q_proj")
                && e.getMessage().contains("gate_proj"), e.getMessage());
    }
}
