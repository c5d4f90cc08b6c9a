package dev.gramian.runtime.tensorflow.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.api.model.DirectedPairGram;
import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import dev.gramian.runtime.tensorflow.lm.GraphLanguageModel;
import dev.gramian.runtime.tensorflow.lm.LinearTerm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast (one batched backward pass) per-pair Gram of the pre-trained decoders against the exact
 * one (a backward pass per sequence) and against PyTorch autograd's values in the fixtures: the
 * tied GPT-2 head (whose cross terms with the token embedding the fast path adds), the Llama
 * family's untied head, RMSNorm and bias-free layers, and LoRA adapters, in both forms of the
 * linear layers' terms; and the slopes along a direction against exact directional derivatives.
 */
@Tag("native")
class FastGramTest {

    @ParameterizedTest
    @CsvSource({"tiny-gpt2,GHOST", "tiny-gpt2,MATERIALISED", "tiny-gpt2,CHEAPER",
            "tiny-llama,GHOST", "tiny-llama,MATERIALISED", "tiny-llama,CHEAPER"})
    void fastEqualsExactOnTheFixtures(String fixture, LinearTerm form) throws IOException {
        List<HfFixtureTest.Row> rows = HfFixtureTest.rows(fixture).subList(0, 4);
        try (DecoderModel model = HfFixtureTest.load(fixture, GeneratedVariantsTest.F64)) {
            assertAgree(model, rows, form);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void fastGramReproducesAutogradInFloat32(String fixture) throws IOException {
        List<HfFixtureTest.Row> rows = HfFixtureTest.rows(fixture);
        try (DecoderModel model = HfFixtureTest.load(fixture, SessionSettings.defaults())) {
            PairGram gram = model.pairGram(DecoderTrainingTest.chosen(rows), DecoderTrainingTest.rejected(rows),
                    GramMethod.FAST, false);
            for (int i = 0; i < rows.size(); i++) {
                JsonNode e = rows.get(i).expected();
                HfFixtureTest.assertRelative(e.get("chosen_sq_norm").asDouble(), gram.chosenSqNorm()[i], 1e-4,
                        fixture + " ‖g_w‖² " + i);
                HfFixtureTest.assertRelative(e.get("rejected_sq_norm").asDouble(), gram.rejectedSqNorm()[i], 1e-4,
                        fixture + " ‖g_l‖² " + i);
                HfFixtureTest.assertRelative(e.get("inner_product").asDouble(), gram.innerProduct()[i], 1e-4,
                        fixture + " ⟨g_w, g_l⟩ " + i);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"tiny-gpt2,GHOST", "tiny-gpt2,MATERIALISED", "tiny-llama,GHOST", "tiny-llama,MATERIALISED"})
    void fastEqualsExactWithLora(String fixture, LinearTerm form) throws IOException {
        LoraSpec lora = fixture.equals("tiny-gpt2") ? new LoraSpec(3, 6, 0.1, List.of("c_attn", "c_fc"), false)
                : new LoraSpec(3, 6, 0.1, List.of("q_proj", "v_proj", "down_proj"), false);
        List<HfFixtureTest.Row> rows = HfFixtureTest.rows(fixture).subList(2, 6);
        try (AdaptedDecoderModel model = AdaptedDecoderModelTest.adapted(fixture, lora, GeneratedVariantsTest.F64)) {
            AdaptedDecoderModelTest.randomise(model.parameters(), 6);
            assertAgree(model, rows, form);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void slopesAlongADirectionAreTheExactDirectionalDerivatives(String fixture) throws IOException {
        List<HfFixtureTest.Row> rows = HfFixtureTest.rows(fixture).subList(0, 3);
        List<Sequence> chosen = DecoderTrainingTest.chosen(rows);
        List<Sequence> rejected = DecoderTrainingTest.rejected(rows);
        try (DecoderModel model = HfFixtureTest.load(fixture, GeneratedVariantsTest.F64)) {
            ParameterSet direction = model.parameters().zerosLike();
            SplittableRandom random = new SplittableRandom(3);
            for (ParameterSet.Parameter p : direction.parameters()) {
                for (int i = 0; i < p.values().length; i++) {
                    p.values()[i] = random.nextDouble() - 0.5;
                }
            }
            for (LinearTerm form : new LinearTerm[]{LinearTerm.GHOST, LinearTerm.MATERIALISED}) {
                DirectedPairGram directed = model.pairGramAlong(chosen, rejected, direction, form);
                for (int i = 0; i < rows.size(); i++) {
                    double w = model.weightedLogProbGradient(List.of(chosen.get(i)), new double[]{1}).dot(direction);
                    double l = model.weightedLogProbGradient(List.of(rejected.get(i)), new double[]{1}).dot(direction);
                    assertEquals(w, directed.slopeChosen()[i], 1e-9 * Math.max(1, Math.abs(w)), form + " chosen " + i);
                    assertEquals(l, directed.slopeRejected()[i], 1e-9 * Math.max(1, Math.abs(l)), form + " rejected " + i);
                }
            }
        }
    }

    @Test
    void pairsSplitUnderASmallBudgetGiveTheWholeRunsGram() throws IOException {
        List<HfFixtureTest.Row> rows = HfFixtureTest.rows("tiny-gpt2").subList(0, 6);
        try (DecoderModel whole = HfFixtureTest.load("tiny-gpt2", GeneratedVariantsTest.F64);
             DecoderModel split = HfFixtureTest.load("tiny-gpt2", GeneratedVariantsTest.F64)) {
            split.budgets(384L * 24, Long.MAX_VALUE);
            List<Sequence> chosen = DecoderTrainingTest.chosen(rows);
            List<Sequence> rejected = DecoderTrainingTest.rejected(rows);
            assertTrue(split.pieces(GraphLanguageModel.concat(chosen, rejected), 2).size() >= 3, "the budget splits");
            PairGram a = whole.pairGram(chosen, rejected, GramMethod.FAST, false);
            PairGram b = split.pairGram(chosen, rejected, GramMethod.FAST, false);
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(a.innerProduct()[i], b.innerProduct()[i], 1e-10 * Math.abs(a.innerProduct()[i]));
                assertEquals(a.rejectedSqNorm()[i], b.rejectedSqNorm()[i], 1e-10 * a.rejectedSqNorm()[i]);
            }
        }
    }

    /** The fast full and pair forms against the exact full Gram, to 1e-9 relative in float64. */
    private static void assertAgree(GraphLanguageModel model, List<HfFixtureTest.Row> rows, LinearTerm form) {
        List<Sequence> chosen = DecoderTrainingTest.chosen(rows);
        List<Sequence> rejected = DecoderTrainingTest.rejected(rows);
        PairGram exact = model.pairGram(chosen, rejected, GramMethod.EXACT, true);
        PairGram full = model.fastGram(chosen, rejected, true, form);
        PairGram pairs = model.fastGram(chosen, rejected, false, form);
        int n = 2 * rows.size();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double e = exact.fullGram()[i][j];
                double scale = Math.sqrt(exact.fullGram()[i][i] * exact.fullGram()[j][j]);
                assertEquals(e, full.fullGram()[i][j], 1e-9 * scale, form + " entry " + i + "," + j);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(exact.chosenSqNorm()[i], pairs.chosenSqNorm()[i], 1e-9 * exact.chosenSqNorm()[i]);
            assertEquals(exact.rejectedSqNorm()[i], pairs.rejectedSqNorm()[i], 1e-9 * exact.rejectedSqNorm()[i]);
            assertEquals(exact.innerProduct()[i], pairs.innerProduct()[i],
                    1e-9 * Math.sqrt(exact.chosenSqNorm()[i] * exact.rejectedSqNorm()[i]), form + " pair " + i);
        }
    }
}
