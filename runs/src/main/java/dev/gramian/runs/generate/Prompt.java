package dev.gramian.runs.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.chat.ChatMessage;
import dev.gramian.runs.JsonLine;
import dev.gramian.runs.RunJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One prompt to complete: plain text, or a conversation (then {@code text} is null) whose chat
 * template adds the assistant's opening.
 *
 * @param text     the prompt text, or null for a conversation
 * @param messages the conversation, or an empty list for text
 * @param source   where the prompt came from ({@code --prompt} or the file)
 * @param line     its line in the file, 0 for {@code --prompt}
 */
public record Prompt(String text, List<ChatMessage> messages, String source, long line) {
    public Prompt {
        messages = List.copyOf(messages);
        if ((text == null) == messages.isEmpty()) {
            throw new IllegalArgumentException("a prompt is either text or a non-empty conversation");
        }
    }

    /** A text prompt from the command line. */
    public static Prompt ofText(String text) {
        return new Prompt(text, List.of(), "--prompt", 0);
    }

    /** Whether this prompt is a conversation. */
    public boolean isConversation() {
        return text == null;
    }

    /**
     * The prompts of a JSON Lines file: each line's {@code "prompt"}, a string or a list of
     * {@code {"role", "content"}} messages; other fields are ignored, so a preference file's prompts
     * are read as they are.
     *
     * @throws dev.gramian.api.GramianException (input) naming the file and line at fault
     */
    public static List<Prompt> read(Path file) {
        List<Prompt> prompts = new ArrayList<>();
        for (JsonLine line : RunJson.readLines(file)) {
            JsonNode prompt = line.value().get("prompt");
            if (prompt != null && prompt.isTextual()) {
                prompts.add(new Prompt(prompt.textValue(), List.of(), file.toString(), line.line()));
            } else if (prompt != null && prompt.isArray() && !prompt.isEmpty()) {
                prompts.add(new Prompt(null, messages(line, prompt), file.toString(), line.line()));
            } else {
                throw line.error("expected \"prompt\": a string or a non-empty list of {\"role\", \"content\"} "
                        + "messages, found " + (prompt == null ? "nothing" : prompt.getNodeType().name()
                        .toLowerCase(Locale.ROOT)));
            }
        }
        if (prompts.isEmpty()) {
            throw GramianException.input(file.toString(), 0, "no prompts in the file");
        }
        return prompts;
    }

    private static List<ChatMessage> messages(JsonLine line, JsonNode list) {
        List<ChatMessage> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            if (!m.isObject() || !m.path("role").isTextual() || !m.path("content").isTextual()) {
                throw line.error("\"prompt[" + i + "]\" must be an object with string \"role\" and \"content\"");
            }
            out.add(new ChatMessage(m.get("role").textValue(), m.get("content").textValue()));
        }
        return out;
    }
}
