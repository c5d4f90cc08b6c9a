package dev.gramian.runtime.tensorflow.decode;

import dev.gramian.api.generation.Completion;
import dev.gramian.api.generation.GenerationSettings;
import dev.gramian.api.generation.Generator;
import dev.gramian.api.generation.NextTokenSampler;
import dev.gramian.api.model.DecodingState;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.SequenceScores;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.hf.ModelFolder;
import dev.gramian.hf.PretrainedWeights;
import dev.gramian.runtime.tensorflow.graph.Precision;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import dev.gramian.runtime.tensorflow.lm.TransformerLanguageModel;
import dev.gramian.runtime.tensorflow.pretrained.AdaptedDecoderModel;
import dev.gramian.runtime.tensorflow.pretrained.DecoderModel;
import dev.gramian.runtime.tensorflow.pretrained.ReferenceDecoder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key/value-cached decoding against three independent computations: a plain float64 Java forward
 * pass of GPT-2 and Llama ({@link ReferenceDecoder}: greedy tokens and every step's logits), the
 * same step graph run on the whole prefix at once (the cache changes nothing), and the training
 * graph's response log-probabilities ({@code LanguageModelGraph} of the {@code DecoderNetwork} and
 * {@code TransformerGraph} architectures).
 */
@Tag("native")
class KvCacheDecodingTest {
    static final Path FIXTURES = Path.of("src/test/resources/hf-tiny");
    static final SessionSettings FLOAT64 = SessionSettings.defaults().withPrecision(Precision.FLOAT64);
    static final int[] PROMPT = {0, 37, 5, 211, 98, 140};
    static final int NEW_TOKENS = 24;

    static PretrainedWeights fixture(String name) {
        return ModelFolder.load(FIXTURES.resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void greedyDecodingEqualsAFloat64ReferenceDecoding(String name) {
        PretrainedWeights w = fixture(name);
        ReferenceDecoder reference = new ReferenceDecoder(w.config().spec(), w.weights());
        int[] expected = new int[NEW_TOKENS];
        int[] prefix = PROMPT.clone();
        for (int i = 0; i < NEW_TOKENS; i++) {
            expected[i] = NextTokenSampler.argmax(reference.nextLogits(prefix));
            prefix = append(prefix, expected[i]);
        }
        try (DecoderModel model = new DecoderModel(w.config().spec(), w.weights(), FLOAT64)) {
            Completion c = new Generator(model, new GenerationSettings(NEW_TOKENS, 0, 0, 1, 0, false)).complete(PROMPT);
            assertArrayEquals(expected, c.tokens(), name);
            // Every step's logits, not only their argmax, and the rotary/learned positions of late tokens.
            try (DecodingState state = model.startDecoding()) {
                double[] logits = state.append(PROMPT);
                for (int i = 0; i < NEW_TOKENS; i++) {
                    int[] seen = Arrays.copyOf(prefix, PROMPT.length + i);
                    assertArrayEquals(reference.nextLogits(seen), logits, 1e-9, name + " step " + i);
                    logits = state.append(expected[i]);
                }
                assertEquals(PROMPT.length + NEW_TOKENS, state.length());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void cachedLogitsEqualAFullRecomputationAndTheTrainingGraph(String name) {
        for (Precision precision : Precision.values()) {
            double tolerance = precision == Precision.FLOAT64 ? 1e-10 : 1e-5;
            PretrainedWeights w = fixture(name);
            try (DecoderModel model = new DecoderModel(w.config().spec(), w.weights(),
                    SessionSettings.defaults().withPrecision(precision))) {
                Completion c = new Generator(model, new GenerationSettings(NEW_TOKENS, 1.5, 0, 1, 9, false))
                        .complete(PROMPT);
                int[] all = concat(PROMPT, c.tokens());
                double[][] cached = new double[NEW_TOKENS][];
                try (CachedDecoding state = (CachedDecoding) model.startDecoding()) {
                    cached[0] = state.append(PROMPT);
                    for (int i = 1; i < NEW_TOKENS; i++) {
                        cached[i] = state.append(c.tokens()[i - 1]);
                    }
                    state.reset();
                    double[][] full = state.appendEveryPosition(all);
                    for (int i = 0; i < NEW_TOKENS; i++) {
                        assertArrayEquals(full[PROMPT.length - 1 + i], cached[i], tolerance * scale(cached[i]),
                                name + " " + precision + " step " + i);
                    }
                }
                SequenceScores trained = model.score(List.of(new Sequence(all, PROMPT.length)));
                for (int i = 0; i < NEW_TOKENS; i++) {
                    assertEquals(trained.tokenLogp()[0][i], c.logprobs()[i], tolerance * 10, name + " " + precision
                            + " token " + i);
                }
            }
        }
    }

    @Test
    void anAdaptedModelDecodesWithItsAdapterMerged() {
        PretrainedWeights w = fixture("tiny-llama");
        try (AdaptedDecoderModel model = new AdaptedDecoderModel(w.config().spec(), w.weights(),
                new LoraSpec(4, 8, 0, List.of(), false), 3, FLOAT64)) {
            SplittableRandom random = new SplittableRandom(5);
            for (ParameterSet.Parameter p : model.parameters().parameters()) {
                for (int i = 0; i < p.values().length; i++) {
                    p.values()[i] = 0.3 * (2 * random.nextDouble() - 1);
                }
            }
            Completion c = new Generator(model, new GenerationSettings(10, 0, 0, 1, 0, false)).complete(PROMPT);
            SequenceScores adapted = model.score(List.of(new Sequence(concat(PROMPT, c.tokens()), PROMPT.length)));
            SequenceScores base = model.baseScore(List.of(new Sequence(concat(PROMPT, c.tokens()), PROMPT.length)));
            assertArrayEquals(adapted.tokenLogp()[0], c.logprobs(), 1e-9);
            assertTrue(Math.abs(adapted.logp()[0] - base.logp()[0]) > 1e-3, "the adapter changes the model");
        }
    }

    @Test
    void theBuiltInTransformerDecodesAsItsTrainingGraphScores() {
        LanguageModelConfig config = new LanguageModelConfig(259, 24, 2, 32, 4, 64);
        try (TransformerLanguageModel model = new TransformerLanguageModel(config, 11, FLOAT64)) {
            perturb(model.parameters(), 0.4);
            int[] prompt = {256, 72, 105, 33};
            Completion c = new Generator(model, new GenerationSettings(30, 0, 0, 1, 0, false)).complete(prompt);
            assertEquals(Completion.Stop.CONTEXT, c.stop());
            assertEquals(21, c.tokens().length, "24 positions hold the prompt and 20 tokens; the 21st follows them");
            int[] prefix = prompt;
            for (int i = 0; i < c.tokens().length; i++) {
                // The full next-token distribution of the training graph: every candidate scored.
                List<Sequence> candidates = new ArrayList<>();
                for (int v = 0; v < config.vocabularySize(); v++) {
                    candidates.add(new Sequence(append(prefix, v), prefix.length));
                }
                double[] logp = model.score(candidates).logp();
                assertEquals(NextTokenSampler.argmax(logp), c.tokens()[i], "step " + i);
                assertEquals(logp[c.tokens()[i]], c.logprobs()[i], 1e-9, "step " + i);
                prefix = append(prefix, c.tokens()[i]);
            }
        }
    }

    @Test
    void aStateRefusesBadTokensAndTheEndOfTheContextAndReadsTheParametersOnce() {
        LanguageModelConfig config = new LanguageModelConfig(259, 8, 1, 16, 2, 32);
        try (LanguageModel model = new TransformerLanguageModel(config, 2, SessionSettings.defaults());
             DecodingState state = model.startDecoding()) {
            assertThrows(IllegalArgumentException.class, () -> state.append(259));
            assertThrows(IllegalArgumentException.class, () -> state.append(-1));
            assertThrows(IllegalArgumentException.class, () -> state.append());
            double[] before = state.append(1, 2, 3);
            assertThrows(IllegalArgumentException.class, () -> state.append(new int[6]));
            assertEquals(3, state.length());
            Arrays.fill(model.parameters().values("head/b"), 5.0);
            state.reset();
            assertArrayEquals(before, state.append(1, 2, 3), 0, "the state keeps the weights it started with");
            try (DecodingState fresh = model.startDecoding()) {
                double[] after = fresh.append(1, 2, 3);
                for (int v = 0; v < after.length; v++) {
                    assertEquals(before[v] + 5, after[v], 1e-4, "a new state reads the new parameters");
                }
            }
        }
    }

    private static void perturb(ParameterSet parameters, double scale) {
        SplittableRandom random = new SplittableRandom(17);
        for (ParameterSet.Parameter p : parameters.parameters()) {
            for (int i = 0; i < p.values().length; i++) {
                p.values()[i] += scale * (2 * random.nextDouble() - 1);
            }
        }
    }

    private static double scale(double[] values) {
        double max = 1;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static int[] append(int[] prefix, int token) {
        int[] out = Arrays.copyOf(prefix, prefix.length + 1);
        out[prefix.length] = token;
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
