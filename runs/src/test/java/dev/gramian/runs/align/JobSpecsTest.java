package dev.gramian.runs.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.objectives.margin.align.LearningRateSchedule;
import dev.gramian.objectives.margin.data.TruncationPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The settings records the language-model commands fill: what they reject before a job starts, and their copies. */
class JobSpecsTest {
    private static final PreferenceDataSpec DATA = new PreferenceDataSpec(null, "1t", Map.of(), null, null, 64,
            TruncationPolicy.ERROR);
    private static final TrainingSettings SETTINGS = new TrainingSettings("adam", Map.of(), 1e-3,
            LearningRateSchedule.Shape.CONSTANT, 0, 4, 10, 5, 5, 5);
    private static final Path CKPT = Path.of("init.ckpt");
    private static final Path FOLDER = Path.of("model");
    private static final LoraSpec LORA = new LoraSpec(4, 8, 0, List.of(), false);

    private static AlignSpec align(Path init, Path model, LoraSpec lora, int probePairs) {
        return new AlignSpec(DATA, init, model, lora, ObjectiveSpec.parse("dpo"), Map.of(), "gradient", Map.of(),
                List.of(), probePairs, SETTINGS, 1);
    }

    private static AuditSpec audit(Path checkpoint, Path model, LoraSpec lora, Path reference, int batchSize) {
        return new AuditSpec(checkpoint, model, lora, reference, DATA, ObjectiveSpec.parse("dpo"), Map.of(), batchSize, 1);
    }

    private static void usage(String expected, Executable spec) {
        GramianException error = assertThrows(GramianException.class, spec);
        assertEquals(GramianException.Category.USAGE, error.category());
        assertEquals(expected, error.getMessage());
    }

    @Test
    void alignTakesExactlyOneModelAndLoraOnlyOnAFolder() {
        String one = "give exactly one of --init CKPT (a Gramian model) and --model DIR (a Hugging Face folder)";
        usage(one, () -> align(null, null, null, 0));
        usage(one, () -> align(CKPT, FOLDER, null, 0));
        usage("--lora-rank needs --model DIR", () -> align(CKPT, null, LORA, 0));
        usage("--probe-pairs must be at least 0 (0: each step's batch), got -1", () -> align(CKPT, null, null, -1));
        assertEquals(LORA, align(null, FOLDER, LORA, 0).lora());
        assertEquals(CKPT, align(CKPT, null, null, 16).init());
    }

    @Test
    void sftStartsFromAtMostOneModelAndLoraOnlyOnAFolder() {
        usage("give at most one of --init CKPT (a Gramian model) and --model DIR (a Hugging Face folder)",
                () -> new SftSpec(DATA, CKPT, FOLDER, null, ModelShape.DEFAULT, SETTINGS, 1));
        usage("--lora-rank needs --model DIR",
                () -> new SftSpec(DATA, CKPT, null, LORA, ModelShape.DEFAULT, SETTINGS, 1));
        assertEquals(LORA, new SftSpec(DATA, null, FOLDER, LORA, ModelShape.DEFAULT, SETTINGS, 1).lora());
        assertEquals(ModelShape.DEFAULT, new SftSpec(DATA, null, null, null, ModelShape.DEFAULT, SETTINGS, 1).shape());
    }

    @Test
    void alignKeepsItsOwnOrderedCopiesOfOptionsAndProbes() {
        Map<String, String> options = new LinkedHashMap<>(Map.of("beta", "0.2"));
        List<ProbeSpec> probes = new ArrayList<>(List.of(ProbeSpec.parse("entanglement:every=5"),
                ProbeSpec.parse("token-entanglement")));
        AlignSpec spec = new AlignSpec(DATA, CKPT, null, null, ObjectiveSpec.parse("dpo"), options, "normalized",
                options, probes, 4, SETTINGS, 1);
        options.put("beta", "9");
        probes.clear();
        assertEquals(Map.of("beta", "0.2"), spec.objectiveOptions());
        assertEquals(Map.of("beta", "0.2"), spec.ruleOptions());
        assertEquals(List.of("entanglement", "token-entanglement"), spec.probes().stream().map(ProbeSpec::id).toList());
        assertThrows(UnsupportedOperationException.class, () -> spec.objectiveOptions().put("x", "1"));
    }

    @Test
    void auditTakesExactlyOneModelAndAReferenceOnlyWithACheckpoint() {
        usage("--batch-size must be at least 1, got 0", () -> audit(CKPT, null, null, null, 0));
        String one = "give exactly one of --checkpoint CKPT (a Gramian model) and --model DIR (a Hugging Face folder)";
        usage(one, () -> audit(null, null, null, null, 16));
        usage(one, () -> audit(CKPT, FOLDER, null, null, 16));
        usage("--reference takes a checkpoint; a --model folder is its own reference",
                () -> audit(null, FOLDER, null, CKPT, 16));
        usage("--lora-rank needs --model DIR", () -> audit(CKPT, null, LORA, null, 16));
        assertEquals(CKPT, audit(CKPT, null, null, Path.of("ref.ckpt"), 16).checkpoint());
    }

    @Test
    void probeSpecsParseIdAndOrderedOptionsOrNameTheBadPair() {
        ProbeSpec spec = ProbeSpec.parse("entanglement: every = 5,rows=false");
        assertEquals("entanglement", spec.id());
        assertEquals(List.of("every", "rows"), List.copyOf(spec.options().keySet()));
        assertEquals("5", spec.options().get("every"));
        assertEquals(new ProbeSpec("token-entanglement", Map.of()), ProbeSpec.parse("token-entanglement"));
        usage("--probe entanglement:every: 'every' is not KEY=VALUE; write e.g. --probe entanglement:every=5,rows=false",
                () -> ProbeSpec.parse("entanglement:every"));
    }

    @Test
    void aModelShapeBecomesTheModelOverTheTokenizersVocabularyOrAUsageError() {
        assertEquals(new LanguageModelConfig(259, 128, 2, 64, 4, 256), ModelShape.DEFAULT.config(259));
        assertEquals(192, ModelShape.DEFAULT.withContext(192).config(259).context());
        usage("heads (3) must divide width (64)", () -> new ModelShape(128, 2, 64, 3, 256).config(259));
    }
}
