import dev.gramian.api.backend.Backend;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.SequenceScores;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Gramian's runtime from another Java program (docs/embedding.md): the plugin catalog, the
 * TensorFlow backend, a language model, the log-probabilities of two preference pairs and the inner
 * products of their chosen and rejected gradients. With a checkpoint of gramian sft or align as the
 * argument it uses that model; without one, a small model with fresh parameters.
 *
 * <pre>java --module-path cli/target/lib --add-modules dev.gramian.api docs/examples/EmbeddingExample.java</pre>
 */
public final class EmbeddingExample {

    public static void main(String[] args) {
        // 1. Every plugin on the module path (and in plugin directories, if you pass some).
        PluginCatalog catalog = PluginCatalog.load(List.of());
        Tokenizer tokenizer = catalog.create(PluginKind.TOKENIZER, "byte", Map.of(), Tokenizer.class);

        // 2. The backend loads TensorFlow's native library; close it last.
        try (Backend backend = catalog.create(PluginKind.BACKEND, "tensorflow",
                Map.of("device", "cpu", "intra_op_threads", "1"), Backend.class)) {
            Checkpoint checkpoint = args.length > 0 ? CheckpointFile.read(Path.of(args[0])) : null;
            LanguageModelConfig shape = checkpoint == null
                    ? new LanguageModelConfig(tokenizer.vocabularySize(), 64, 1, 16, 2, 32)
                    : shape(checkpoint.modelConfig());

            // 3. A model bound to the backend; its parameters are live and may be replaced in place.
            try (LanguageModel model = backend.languageModel(shape, 1)) {
                if (checkpoint != null) {
                    model.parameters().copyFrom(checkpoint.parameters());
                }
                List<Sequence> chosen = List.of(
                        sequence(tokenizer, "Review: a delight. Verdict:", " positive"),
                        sequence(tokenizer, "Review: dull and long. Verdict:", " negative"));
                List<Sequence> rejected = List.of(
                        sequence(tokenizer, "Review: a delight. Verdict:", " negative"),
                        sequence(tokenizer, "Review: dull and long. Verdict:", " positive"));

                // 4. Response log-probabilities (summed over the response's tokens).
                SequenceScores scores = model.score(chosen);
                SequenceScores rejectedScores = model.score(rejected);

                // 5. Per pair ||g_w||^2, ||g_l||^2 and <g_w, g_l> of the log-probability gradients.
                PairGram gram = model.pairGram(chosen, rejected, GramMethod.FAST, false);
                for (int i = 0; i < chosen.size(); i++) {
                    double cosine = gram.innerProduct()[i]
                            / Math.sqrt(gram.chosenSqNorm()[i] * gram.rejectedSqNorm()[i]);
                    System.out.printf("pair %d: logp_chosen %.4f  logp_rejected %.4f  cos(g_w, g_l) %.4f%n",
                            i, scores.logp()[i], rejectedScores.logp()[i], cosine);
                }
            }
        }
    }

    /** BOS, the prompt, then the response, whose tokens are the ones scored. */
    private static Sequence sequence(Tokenizer tokenizer, String prompt, String response) {
        int[] promptTokens = tokenizer.encode(prompt);
        int[] responseTokens = tokenizer.encode(response);
        int[] tokens = new int[1 + promptTokens.length + responseTokens.length];
        tokens[0] = tokenizer.bos().orElseThrow();
        System.arraycopy(promptTokens, 0, tokens, 1, promptTokens.length);
        System.arraycopy(responseTokens, 0, tokens, 1 + promptTokens.length, responseTokens.length);
        return new Sequence(tokens, 1 + promptTokens.length);
    }

    /** The model shape a checkpoint of gramian sft or align stores. */
    private static LanguageModelConfig shape(Map<String, String> config) {
        return new LanguageModelConfig(Integer.parseInt(config.get("vocabulary")),
                Integer.parseInt(config.get("context")), Integer.parseInt(config.get("layers")),
                Integer.parseInt(config.get("width")), Integer.parseInt(config.get("heads")),
                Integer.parseInt(config.get("mlp")));
    }
}
