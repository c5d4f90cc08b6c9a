package dev.gramian.runtime.tensorflow.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.SequenceScores;
import dev.gramian.hf.ModelFolder;
import dev.gramian.hf.PretrainedWeights;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tiny GPT-2 and Llama fixtures, written by transformers, against what transformers and PyTorch
 * autograd computed for them in float64: response log-probabilities to 1e-5 relative and the
 * per-pair gradient squared norms and inner products (all parameters, a tied weight once) to 1e-4,
 * computed here in float32.
 */
@Tag("native")
class HfFixtureTest {

    static final Path FIXTURES = Path.of("src/test/resources/hf-tiny");

    /** One fixture row: the two sequences and the expected values. */
    record Row(Sequence chosen, Sequence rejected, JsonNode expected) {
    }

    static List<Row> rows(String model) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(FIXTURES.resolve(model + ".expected.jsonl"))) {
            JsonNode e = json.readTree(line).get("expected");
            rows.add(new Row(sequence(e.get("ids_chosen"), e.get("len_chosen").asInt()),
                    sequence(e.get("ids_rejected"), e.get("len_rejected").asInt()), e));
        }
        return rows;
    }

    private static Sequence sequence(JsonNode ids, int responseLength) {
        int[] tokens = new int[ids.size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = ids.get(i).asInt();
        }
        return new Sequence(tokens, tokens.length - responseLength);
    }

    static DecoderModel load(String model, SessionSettings settings) {
        PretrainedWeights w = ModelFolder.load(FIXTURES.resolve(model));
        return new DecoderModel(w.config().spec(), w.weights(), settings);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void responseLogProbabilitiesMatchTransformers(String name) throws IOException {
        List<Row> rows = rows(name);
        try (DecoderModel model = load(name, SessionSettings.defaults())) {
            List<Sequence> batch = new ArrayList<>();
            rows.forEach(r -> {
                batch.add(r.chosen());
                batch.add(r.rejected());
            });
            SequenceScores scores = model.score(batch);
            for (int i = 0; i < rows.size(); i++) {
                JsonNode e = rows.get(i).expected();
                assertRelative(e.get("logp_chosen").asDouble(), scores.logp()[2 * i], 1e-5, name + " chosen " + i);
                assertRelative(e.get("logp_rejected").asDouble(), scores.logp()[2 * i + 1], 1e-5, name + " rejected " + i);
                assertEquals(e.get("len_chosen").asInt(), scores.counts()[2 * i]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void perPairGradientGeometryMatchesAutograd(String name) throws IOException {
        List<Row> rows = rows(name);
        try (DecoderModel model = load(name, SessionSettings.defaults())) {
            PairGram gram = model.pairGram(rows.stream().map(Row::chosen).toList(),
                    rows.stream().map(Row::rejected).toList(), GramMethod.EXACT, false);
            for (int i = 0; i < rows.size(); i++) {
                JsonNode e = rows.get(i).expected();
                assertRelative(e.get("chosen_sq_norm").asDouble(), gram.chosenSqNorm()[i], 1e-4, name + " ‖g_w‖² " + i);
                assertRelative(e.get("rejected_sq_norm").asDouble(), gram.rejectedSqNorm()[i], 1e-4, name + " ‖g_l‖² " + i);
                assertRelative(e.get("inner_product").asDouble(), gram.innerProduct()[i], 1e-4, name + " ⟨g_w, g_l⟩ " + i);
            }
        }
    }

    static void assertRelative(double expected, double actual, double tolerance, String what) {
        assertEquals(expected, actual, tolerance * Math.abs(expected), what);
    }
}
