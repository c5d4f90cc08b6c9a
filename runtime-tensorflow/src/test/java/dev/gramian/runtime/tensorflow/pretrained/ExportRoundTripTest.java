package dev.gramian.runtime.tensorflow.pretrained;

import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.hf.ModelExport;
import dev.gramian.hf.ModelFolder;
import dev.gramian.hf.PeftAdapter;
import dev.gramian.hf.PretrainedWeights;
import dev.gramian.hf.safetensors.Dtype;
import dev.gramian.runtime.tensorflow.graph.SessionSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Train a few DPO steps, export, load the folder back: the same log-probabilities, for full
 * fine-tuning and for LoRA merged into the weights or written as a PEFT adapter.
 */
@Tag("native")
class ExportRoundTripTest {

    static final Path LLAMA = HfFixtureTest.FIXTURES.resolve("tiny-llama");

    @TempDir
    Path dir;

    private static double[] train(LanguageModel model, List<HfFixtureTest.Row> rows) {
        List<Sequence> chosen = DecoderTrainingTest.chosen(rows);
        List<Sequence> rejected = DecoderTrainingTest.rejected(rows);
        double[] ref = model.score(chosen).logp();
        double[] refL = model.score(rejected).logp();
        double[] before = model.score(chosen).logp();
        for (int step = 0; step < 3; step++) {
            PreferenceStep s = model.preferenceLossAndGradient(DecoderTrainingTest.DPO, chosen, rejected, ref, refL);
            model.parameters().addScaled(s.gradient(), -2.0);
        }
        return before;
    }

    @Test
    void aFullyFineTunedModelLoadsBackWithIdenticalLogProbabilities() throws IOException {
        List<HfFixtureTest.Row> rows = HfFixtureTest.rows("tiny-llama").subList(0, 6);
        List<Sequence> all = DecoderModel.concat(DecoderTrainingTest.chosen(rows), DecoderTrainingTest.rejected(rows));
        Path out = dir.resolve("full");
        double[] trained;
        try (DecoderModel model = HfFixtureTest.load("tiny-llama", SessionSettings.defaults())) {
            double[] before = train(model, rows);
            trained = model.score(all).logp();
            assertNotEquals(before[0], trained[0], 1e-3, "training moved the model");
            ModelExport.writeModel(LLAMA, model.spec(), model.parameters(), Dtype.F32, out);
        }
        PretrainedWeights back = ModelFolder.load(out);
        try (DecoderModel reloaded = new DecoderModel(back.config().spec(), back.weights(), SessionSettings.defaults())) {
            assertArrayEquals(trained, reloaded.score(all).logp(), 0);
        }
    }

    @Test
    void aLoraModelExportsMergedOrAsAnAdapter() throws IOException {
        List<HfFixtureTest.Row> rows = HfFixtureTest.rows("tiny-llama").subList(6, 12);
        List<Sequence> all = DecoderModel.concat(DecoderTrainingTest.chosen(rows), DecoderTrainingTest.rejected(rows));
        LoraSpec lora = new LoraSpec(4, 8, 0, List.of(), false);
        Path merged = dir.resolve("merged");
        Path adapterOnly = dir.resolve("adapter");
        double[] trained;
        try (AdaptedDecoderModel model = AdaptedDecoderModelTest.adapted("tiny-llama", lora, SessionSettings.defaults())) {
            double[] before = train(model, rows);
            trained = model.score(all).logp();
            assertNotEquals(before[0], trained[0], 1e-3, "training moved the adapter");
            ModelExport.writeModel(LLAMA, model.spec(), model.mergedWeights(), Dtype.F32, merged);
            ModelExport.writeAdapter(LLAMA, model.spec(), model.lora(), model.parameters(), adapterOnly);
        }
        PretrainedWeights back = ModelFolder.load(merged);
        try (DecoderModel reloaded = new DecoderModel(back.config().spec(), back.weights(), SessionSettings.defaults())) {
            double[] logp = reloaded.score(all).logp();
            for (int i = 0; i < logp.length; i++) {
                HfFixtureTest.assertRelative(trained[i], logp[i], 1e-5, "merged " + i);
            }
        }
        PeftAdapter adapter = PeftAdapter.read(adapterOnly);
        PretrainedWeights base = ModelFolder.load(LLAMA);
        try (AdaptedDecoderModel reloaded = new AdaptedDecoderModel(base.config().spec(), base.weights(), adapter.lora(),
                99, SessionSettings.defaults())) {
            reloaded.parameters().copyFrom(adapter.weights());
            assertArrayEquals(trained, reloaded.score(all).logp(), 0);
        }
    }
}
