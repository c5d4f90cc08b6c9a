import dev.gramian.api.backend.Backend;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.generation.Completion;
import dev.gramian.api.generation.GenerationSettings;
import dev.gramian.api.generation.Generator;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.runs.align.ModelShape;
import dev.gramian.runs.align.PhaseOutcome;
import dev.gramian.runs.training.Trainer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Training from another Java program (docs/embedding.md): SFT of a small Transformer on the built-in
 * single-token sentiment pairs, DPO from it, and the aligned model's greedy completion of a prompt,
 * with nothing parsed. The runs land in the directory given as the argument.
 *
 * <pre>java --module-path cli/target/lib --add-modules dev.gramian.runs docs/examples/TrainingExample.java runs/example</pre>
 */
public final class TrainingExample {

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/example");
        PluginCatalog catalog = PluginCatalog.load(List.of());
        Trainer trainer = new Trainer(catalog);

        // 1. SFT on prompt + chosen; every setting left out is gramian sft's default.
        PhaseOutcome sft = trainer.sft().dataset("1t").datasetOption("size", "80").maxLength(64)
                .shape(new ModelShape(64, 1, 32, 2, 64)).batchSize(8).steps(40).evalEvery(20)
                .run(out.resolve("sft"));
        System.out.printf("sft: %d steps, eval/loss %.4f%n", sft.steps(), sft.lastEval().get("eval/loss"));

        // 2. DPO from the SFT model, which is also the reference.
        PhaseOutcome dpo = trainer.align().dataset("1t").datasetOption("size", "80").maxLength(64)
                .init(sft.checkpoint()).objective("dpo").objectiveOption("beta", "0.1").learningRate(1e-3)
                .batchSize(8).steps(20).evalEvery(10).run(out.resolve("dpo"));
        System.out.printf("dpo: %d steps, eval/rewards/margins %.4f%n", dpo.steps(),
                dpo.lastEval().get("eval/rewards/margins"));

        // 3. What the aligned model says: a greedy completion with the key/value cache.
        Tokenizer tokenizer = catalog.create(PluginKind.TOKENIZER, "byte", Map.of(), Tokenizer.class);
        Checkpoint aligned = CheckpointFile.read(dpo.checkpoint());
        try (Backend backend = catalog.create(PluginKind.BACKEND, "tensorflow", Map.of(), Backend.class);
             LanguageModel model = backend.languageModel(LanguageModelConfig.fromModelConfig(aligned.modelConfig()), 0)) {
            model.parameters().copyFrom(aligned.parameters());
            int[] text = tokenizer.encode("The film was");
            int[] prompt = new int[text.length + 1];
            prompt[0] = tokenizer.bos().orElseThrow();
            System.arraycopy(text, 0, prompt, 1, text.length);
            Completion completion = new Generator(model, GenerationSettings.greedy(12))
                    .complete(prompt, tokenizer.eos().orElseThrow());
            System.out.printf("completion: %d tokens, stop %s%n", completion.tokens().length, completion.stop());
        }
    }
}
