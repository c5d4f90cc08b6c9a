package dev.gramian.runs.training;

import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.objectives.margin.align.AlignmentOptions;
import dev.gramian.objectives.margin.align.LearningRateSchedule;
import dev.gramian.objectives.margin.data.TruncationPolicy;
import dev.gramian.runs.RunPrecision;
import dev.gramian.runs.align.AlignSpec;
import dev.gramian.runs.align.ModelShape;
import dev.gramian.runs.align.PreferenceDataSpec;
import dev.gramian.runs.align.ProbeSpec;
import dev.gramian.runs.align.SftSpec;
import dev.gramian.runs.align.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The facade fills the settings records as the commands do: their defaults, then what was set. */
class TrainerTest {
    private static final Trainer TRAINER = new Trainer(PluginCatalog.load(List.of()));
    private static final Path CKPT = Path.of("runs/sft/checkpoints/latest.ckpt");

    @Test
    void nothingSetIsTheCommandsDefaults() {
        PreferenceDataSpec data = new PreferenceDataSpec(null, "1t", Map.of(), null, null, 128, TruncationPolicy.ERROR);
        assertEquals(new SftSpec(data, null, null, null, ModelShape.DEFAULT, TrainingSettings.SFT_DEFAULTS, 1),
                TRAINER.sft().dataset("1t").spec());
        assertEquals(new AlignSpec(data, CKPT, null, null, ObjectiveSpec.parse("dpo"), Map.of(), "gradient", Map.of(),
                List.of(), 16, TrainingSettings.ALIGN_DEFAULTS, 1), TRAINER.align().dataset("1t").init(CKPT).spec());
    }

    @Test
    void whatIsSetReplacesTheDefaultAndShortRunsWarmUpWithinTheirSteps() {
        AlignSpec spec = TRAINER.align().data(Path.of("pairs.jsonl")).evalFraction(0.2).maxLength(64)
                .truncation("keep-end").init(CKPT).objective("dpo:0.8,sft:1").objectiveOption("dpo.beta", "0.2")
                .rule("normalized").ruleOption("rescale", "false").probe("entanglement", Map.of("every", "5"))
                .probePairs(4).optimizer("sgd").optimizerOption("momentum", "0.9").learningRate(0.01)
                .schedule("linear").batchSize(8).steps(5).logEvery(1).evalEvery(5).checkpointEvery(0).seed(7).spec();
        assertEquals(new PreferenceDataSpec(Path.of("pairs.jsonl"), null, Map.of(), null, 0.2, 64,
                TruncationPolicy.KEEP_END), spec.data());
        assertEquals(ObjectiveSpec.parse("dpo:0.8,sft:1"), spec.objective());
        assertEquals(Map.of("dpo.beta", "0.2"), spec.objectiveOptions());
        assertEquals(List.of(new ProbeSpec("entanglement", Map.of("every", "5"))), spec.probes());
        assertEquals(new TrainingSettings("sgd", Map.of("momentum", "0.9"), 0.01, LearningRateSchedule.Shape.LINEAR,
                5, 8, 5, 1, 5, 0), spec.settings(), "align's 10 warm-up steps are capped at the 5 steps");
        assertEquals(7, spec.seed());
        assertEquals("normalized", spec.rule());
        assertEquals(4, spec.probePairs());
        AlignmentOptions clipped = new AlignmentOptions(OptionalDouble.of(0.5), true, Optional.empty(), 1.0);
        assertEquals(clipped, TRAINER.align().dataset("1t").init(CKPT).options(clipped).spec().options());
        assertEquals(AlignmentOptions.NONE, spec.options());
        ModelShape shape = new ModelShape(64, 1, 32, 2, 64);
        assertEquals(shape, TRAINER.sft().dataset("1t").shape(shape).warmup(3).spec().shape());
        assertEquals(RunPrecision.FP32, TRAINER.sft().dataset("1t").spec().precision());
        assertEquals(RunPrecision.BF16, TRAINER.sft().dataset("1t").precision("bf16").spec().precision());
        assertEquals(RunPrecision.BF16, TRAINER.align().dataset("1t").init(CKPT).precision("bfloat16").spec()
                .precision());
    }

    @Test
    void badValuesAreTheCommandsUsageErrors() {
        GramianException batch = assertThrows(GramianException.class,
                () -> TRAINER.sft().dataset("1t").batchSize(0).spec());
        assertEquals(GramianException.Category.USAGE, batch.category());
        assertEquals("--batch-size must be at least 1, got 0", batch.getMessage());
        GramianException data = assertThrows(GramianException.class,
                () -> TRAINER.sft().dataset("1t").data(Path.of("x.jsonl")).spec());
        assertEquals("give exactly one of --data FILE and --dataset ID", data.getMessage());
        GramianException precision = assertThrows(GramianException.class,
                () -> TRAINER.align().dataset("1t").precision("fp16"));
        assertEquals("--precision takes fp32 or bf16 (also spelt float32, bfloat16), not 'fp16'", precision.getMessage());
        GramianException model = assertThrows(GramianException.class, () -> TRAINER.align().dataset("1t").spec());
        assertEquals(GramianException.Category.USAGE, model.category());
    }
}
