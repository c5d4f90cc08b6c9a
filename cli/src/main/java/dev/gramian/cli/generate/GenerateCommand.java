package dev.gramian.cli.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.chat.ChatMessage;
import dev.gramian.api.generation.GenerationSettings;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.generate.GenerationJob;
import dev.gramian.runs.generate.Prompt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code gramian generate}: completions of prompts by a model folder or a checkpoint, with a key/value cache. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Completes prompts with a Hugging Face model folder (--model) or a Gramian checkpoint "
                + "(--checkpoint), decoding with a key/value cache: greedy by default, or sampled with "
                + "--temperature, --top-k and --top-p (seeded). Prompts are tokenised as training does; "
                + "conversations (and --chat prompts) go through the model's chat template.",
            "Prints each prompt and its completion (--json: one JSON object per prompt), then the tokens "
                + "generated per second on stderr."})
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR",
            description = "A Hugging Face model folder (config.json, model.safetensors, tokenizer.json).")
    private Path model;

    @Option(names = "--checkpoint", paramLabel = "CKPT",
            description = "A checkpoint of gramian sft or align (Gramian's own Transformer, byte tokenizer).")
    private Path checkpoint;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt to complete.")
    private String prompt;

    @Option(names = "--data", paramLabel = "FILE",
            description = "JSON Lines whose \"prompt\" (text, or a list of {\"role\", \"content\"} messages) is "
                    + "completed, line by line; a preference file works as it is.")
    private Path data;

    @Option(names = "--chat", description = "Send text prompts as one user message through the chat template.")
    private boolean chat;

    @Option(names = "--max-new-tokens", defaultValue = "64", paramLabel = "N",
            description = "The most tokens per completion; default ${DEFAULT-VALUE}.")
    private int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T",
            description = "0 for greedy decoding, otherwise sample at this temperature; default ${DEFAULT-VALUE}.")
    private double temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
            description = "Sample among the K most likely tokens; 0 for all; default ${DEFAULT-VALUE}.")
    private int topK;

    @Option(names = "--top-p", defaultValue = "1", paramLabel = "P",
            description = "Sample within the nucleus of probability P; 1 for all; default ${DEFAULT-VALUE}.")
    private double topP;

    @Option(names = "--seed", defaultValue = "1", description = "The sampling seed; default ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--ignore-eos", description = "Keep generating after the EOS token, up to --max-new-tokens.")
    private boolean ignoreEos;

    @Option(names = "--json", description = "One JSON object per prompt: prompt, completion, token counts, stop.")
    private boolean json;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ProcessStreams streams;

    @Override
    public Integer call() {
        if ((prompt == null) == (data == null)) {
            throw GramianException.usage("give exactly one of --prompt TEXT and --data FILE");
        }
        GenerationSettings settings;
        try {
            settings = new GenerationSettings(maxNewTokens, temperature, topK, topP, seed, !ignoreEos);
        } catch (IllegalArgumentException e) {
            throw GramianException.usage(e.getMessage());
        }
        List<Prompt> prompts = prompt != null ? List.of(Prompt.ofText(prompt)) : Prompt.read(data);
        GenerationJob job = new GenerationJob(model, checkpoint, prompts, chat, settings);
        GenerationJob.Outcome outcome;
        try (Backend backend = Provenance.backend(catalog)) {
            outcome = job.run(backend, catalog);
        }
        ObjectMapper mapper = new ObjectMapper();
        for (GenerationJob.Generated g : outcome.completions()) {
            if (json) {
                streams.out().println(jsonLine(mapper, g));
            } else {
                streams.out().println("### prompt");
                streams.out().println(text(g.prompt()));
                streams.out().println("### completion (" + g.completion().tokens().length + " tokens, stop: "
                        + g.completion().stop().name().toLowerCase(Locale.ROOT) + ")");
                streams.out().println(g.text());
            }
        }
        streams.out().flush();
        streams.err().printf(Locale.ROOT, "%d tokens in %.2f s: %.1f tokens/s%n", outcome.tokens(), outcome.seconds(),
                outcome.tokens() / outcome.seconds());
        streams.err().flush();
        return 0;
    }

    private static String text(Prompt p) {
        if (!p.isConversation()) {
            return p.text();
        }
        StringBuilder b = new StringBuilder();
        for (ChatMessage m : p.messages()) {
            b.append(b.isEmpty() ? "" : "\n").append(m.role()).append(": ").append(m.content());
        }
        return b.toString();
    }

    private static String jsonLine(ObjectMapper mapper, GenerationJob.Generated g) {
        ObjectNode line = mapper.createObjectNode();
        if (g.prompt().isConversation()) {
            var messages = line.putArray("prompt");
            g.prompt().messages().forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
        } else {
            line.put("prompt", g.prompt().text());
        }
        line.put("completion", g.text());
        line.put("prompt_tokens", g.promptTokens());
        line.put("completion_tokens", g.completion().tokens().length);
        line.put("stop", g.completion().stop().name().toLowerCase(Locale.ROOT));
        try {
            return mapper.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
