package dev.gramian.runs.generate;

import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.chat.ChatMessage;
import dev.gramian.api.chat.ChatTemplate;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.generation.Completion;
import dev.gramian.api.generation.GenerationSettings;
import dev.gramian.api.generation.Generator;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.runs.align.LanguageModelRuns;
import dev.gramian.runs.align.ModelCheckpoints;
import dev.gramian.runs.pretrained.PretrainedFolder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gramian generate}: completes prompts with a Hugging Face model folder ({@code model}) or a
 * checkpoint of Gramian's own Transformer ({@code checkpoint}). Prompts are tokenised as training
 * tokenises them: for a folder, text with the tokenizer's special-token rule and conversations (or
 * text with {@code chat}) through the chat template with the generation prompt, no special tokens
 * added; for a checkpoint, the byte tokenizer's BOS then the text. A completion stops at the
 * tokenizer's EOS when the settings say so.
 *
 * @param model      a model folder, or null
 * @param checkpoint a Gramian checkpoint, or null (exactly one of the two)
 * @param prompts    what to complete, in order
 * @param chat       whether text prompts are sent as one user message through the chat template
 * @param settings   how tokens are picked and when completions stop
 */
public record GenerationJob(Path model, Path checkpoint, List<Prompt> prompts, boolean chat,
                            GenerationSettings settings) {

    public GenerationJob {
        if ((model == null) == (checkpoint == null)) {
            throw GramianException.usage("give exactly one of --model DIR (a Hugging Face folder) and "
                    + "--checkpoint CKPT (a Gramian checkpoint)");
        }
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw GramianException.usage("give --prompt TEXT or --data FILE");
        }
    }

    /**
     * One prompt's completion.
     *
     * @param prompt       the prompt as given
     * @param text         the completion's text, special tokens (a final EOS) dropped
     * @param promptTokens the prompt's length in tokens
     * @param completion   the generated ids, their log-probabilities and why generation stopped
     */
    public record Generated(Prompt prompt, String text, int promptTokens, Completion completion) {
    }

    /**
     * Every completion, and the generation's wall time (model loading excluded).
     *
     * @param completions one per prompt, in order
     * @param seconds     the time the completions took
     */
    public record Outcome(List<Generated> completions, double seconds) {

        /** Tokens generated, over all prompts. */
        public long tokens() {
            return completions.stream().mapToLong(g -> g.completion().tokens().length).sum();
        }
    }

    /** Loads the model on {@code backend} and completes every prompt. */
    public Outcome run(Backend backend, PluginCatalog catalog) {
        Tokenizer tokenizer;
        LanguageModel languageModel;
        List<int[]> encoded;
        if (model != null) {
            PretrainedFolder folder = PretrainedFolder.load(model);
            tokenizer = folder.tokenizer();
            encoded = encode(tokenizer, true);
            languageModel = folder.model(backend);
        } else {
            Checkpoint saved = CheckpointFile.read(checkpoint);
            LanguageModelConfig shape = ModelCheckpoints.shape(saved, checkpoint);
            tokenizer = LanguageModelRuns.tokenizer(catalog);
            encoded = encode(tokenizer, false);
            languageModel = backend.languageModel(shape, 0);
            languageModel.parameters().copyFrom(saved.parameters());
        }
        try (languageModel) {
            int context = languageModel.config().context();
            for (int i = 0; i < encoded.size(); i++) {
                if (encoded.get(i).length > context) {
                    Prompt p = prompts.get(i);
                    throw GramianException.input(p.source(), p.line(), "the prompt has " + encoded.get(i).length
                            + " tokens, more than the model's context of " + context);
                }
            }
            int[] stop = tokenizer.eos().isPresent() ? new int[]{tokenizer.eos().getAsInt()} : new int[0];
            long start = System.nanoTime();
            List<Completion> completions = new Generator(languageModel, settings).complete(encoded, stop);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Generated> out = new ArrayList<>(completions.size());
            for (int i = 0; i < completions.size(); i++) {
                Completion c = completions.get(i);
                out.add(new Generated(prompts.get(i), tokenizer.decode(c.text()), encoded.get(i).length, c));
            }
            return new Outcome(out, seconds);
        }
    }

    /** The prompts' ids; {@code folder} says whether the tokenizer is a model folder's. */
    private List<int[]> encode(Tokenizer tokenizer, boolean folder) {
        List<int[]> out = new ArrayList<>(prompts.size());
        for (Prompt p : prompts) {
            if (!folder) {
                if (p.isConversation() || chat) {
                    throw GramianException.input(p.source(), p.line(), "conversations need a model folder with a "
                            + "chat template; Gramian's own models read plain text");
                }
                int[] text = tokenizer.encode(p.text());
                int[] ids = new int[text.length + 1];
                ids[0] = tokenizer.bos().orElseThrow(() -> GramianException.usage("the tokenizer has no BOS token"));
                System.arraycopy(text, 0, ids, 1, text.length);
                out.add(ids);
            } else if (p.isConversation() || chat) {
                ChatTemplate template = tokenizer.chatTemplate().orElseThrow(() -> GramianException.input(
                        p.source(), p.line(), "conversations need the model's chat template, and " + model
                                + " has none (no chat_template.jinja or chat_template in tokenizer_config.json)"));
                List<ChatMessage> messages = p.isConversation() ? p.messages()
                        : List.of(new ChatMessage("user", p.text()));
                out.add(tokenizer.encode(template.render(messages, true), false));
            } else {
                out.add(tokenizer.encode(p.text(), true));
            }
            if (out.get(out.size() - 1).length == 0) {
                throw GramianException.input(p.source(), p.line(), "the prompt has no tokens (and the tokenizer adds "
                        + "none), so nothing conditions the first generated token");
            }
        }
        return out;
    }
}
