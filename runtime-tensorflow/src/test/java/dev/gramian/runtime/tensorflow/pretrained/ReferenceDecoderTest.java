package dev.gramian.runtime.tensorflow.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.hf.ModelFolder;
import dev.gramian.hf.PretrainedWeights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

/**
 * The float64 Java reference forward itself reproduces the fixtures' transformers values (no
 * TensorFlow), to 1e-8: transformers computes RMSNorm and the rotary cos/sin in float32 even in a
 * float64 model, which moves the Llama values by about 1e-9 relative.
 */
class ReferenceDecoderTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void theReferenceForwardMatchesTransformers(String name) throws IOException {
        PretrainedWeights w = ModelFolder.load(HfFixtureTest.FIXTURES.resolve(name));
        ReferenceDecoder reference = new ReferenceDecoder(w.config().spec(), w.weights());
        for (HfFixtureTest.Row row : HfFixtureTest.rows(name)) {
            JsonNode e = row.expected();
            HfFixtureTest.assertRelative(e.get("logp_chosen").asDouble(), reference.logp(row.chosen()), 1e-8, name);
            HfFixtureTest.assertRelative(e.get("logp_rejected").asDouble(), reference.logp(row.rejected()), 1e-8, name);
        }
    }
}
