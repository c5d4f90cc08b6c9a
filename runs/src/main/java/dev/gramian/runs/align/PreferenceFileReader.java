package dev.gramian.runs.align;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException;
import dev.gramian.api.model.ChatMessage;
import dev.gramian.api.objective.ConversationPair;
import dev.gramian.api.objective.PreferenceExample;
import dev.gramian.api.objective.PreferencePair;
import dev.gramian.objectives.margin.data.PreferenceEncoder;
import dev.gramian.runs.FileDigest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads preference pairs from JSON Lines in TRL's formats: each non-blank line is an object with
 * string fields {@code prompt}, {@code chosen} and {@code rejected}, or only {@code chosen} and
 * {@code rejected} holding full texts that start with the same prompt (split at their longest shared
 * prefix); or the conversational form, where the same fields are lists of {@code {"role", "content"}}
 * messages (without {@code prompt}, the messages {@code chosen} and {@code rejected} share at their
 * start are the prompt). Other fields are ignored. Every problem is an input error
 * {@code FILE:LINE: ...}.
 */
final class PreferenceFileReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A pair and the line it came from. */
    record NumberedPair(PreferenceExample pair, long line) {
        NumberedPair {
            if (line < 1) {
                throw new IllegalArgumentException("line numbers start at 1, got " + line);
            }
        }
    }

    /**
     * The pairs of a file and the SHA-256 of its bytes.
     *
     * @param pairs  in file order
     * @param sha256 lower-case hex
     */
    record Contents(List<NumberedPair> pairs, String sha256) {
        Contents {
            pairs = List.copyOf(pairs);
        }
    }

    private PreferenceFileReader() {
    }

    /** Reads {@code file}, which must hold at least one pair. */
    static Contents read(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw GramianException.input(source, 0, "no such file");
        } catch (IOException e) {
            throw GramianException.input(source, 0, "cannot read (" + e + ")");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw GramianException.input(source, 0, "not UTF-8 text");
        }
        List<NumberedPair> pairs = new ArrayList<>();
        long number = 0;
        for (String line : text.split("\\R", -1)) {
            number++;
            if (!line.isBlank()) {
                pairs.add(new NumberedPair(parse(source, number, line), number));
            }
        }
        if (pairs.isEmpty()) {
            throw GramianException.input(source, 0, "no preference pairs in the file");
        }
        return new Contents(pairs, FileDigest.sha256(bytes));
    }

    private static PreferenceExample parse(String source, long number, String line) {
        JsonNode record;
        try {
            record = JSON.readTree(line);
        } catch (JacksonException e) {
            String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw GramianException.input(source, number, "malformed JSON" + column + ": "
                    + e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source.*?]\\)", ""));
        }
        if (record == null || !record.isObject()) {
            throw GramianException.input(source, number, "expected a JSON object with \"chosen\", \"rejected\" "
                    + "and optionally \"prompt\"");
        }
        if (record.path("chosen").isArray() || record.path("rejected").isArray()) {
            return conversation(record, source, number);
        }
        String chosen = text(record, "chosen", source, number);
        String rejected = text(record, "rejected", source, number);
        if (chosen.equals(rejected)) {
            throw GramianException.input(source, number, "\"chosen\" and \"rejected\" are identical");
        }
        if (record.has("prompt")) {
            String prompt = text(record, "prompt", source, number);
            requireResponse(chosen, "chosen", source, number);
            requireResponse(rejected, "rejected", source, number);
            return new PreferencePair(prompt, chosen, rejected);
        }
        if (chosen.startsWith(rejected) || rejected.startsWith(chosen)) {
            String shorter = chosen.length() < rejected.length() ? "chosen" : "rejected";
            throw GramianException.input(source, number, "no \"prompt\" field, and \"" + shorter + "\" is a prefix "
                    + "of the other text, so its response after the shared prompt is empty");
        }
        return PreferenceEncoder.fromFullTexts(chosen, rejected);
    }

    private static ConversationPair conversation(JsonNode record, String source, long number) {
        List<ChatMessage> chosen = messages(record, "chosen", source, number);
        List<ChatMessage> rejected = messages(record, "rejected", source, number);
        List<ChatMessage> prompt;
        if (record.has("prompt")) {
            prompt = messages(record, "prompt", source, number);
        } else {
            int shared = 0;
            while (shared < Math.min(chosen.size(), rejected.size()) && chosen.get(shared).equals(rejected.get(shared))) {
                shared++;
            }
            prompt = chosen.subList(0, shared);
            chosen = chosen.subList(shared, chosen.size());
            rejected = rejected.subList(shared, rejected.size());
        }
        if (chosen.isEmpty() || rejected.isEmpty()) {
            throw GramianException.input(source, number, "\"" + (chosen.isEmpty() ? "chosen" : "rejected")
                    + "\" has no messages after the prompt");
        }
        if (chosen.equals(rejected)) {
            throw GramianException.input(source, number, "\"chosen\" and \"rejected\" are identical");
        }
        return new ConversationPair(prompt, chosen, rejected);
    }

    private static List<ChatMessage> messages(JsonNode record, String field, String source, long number) {
        JsonNode list = record.get(field);
        if (list == null || !list.isArray()) {
            throw GramianException.input(source, number, "field \"" + field + "\" must be a list of {\"role\", "
                    + "\"content\"} messages in a conversational pair, found " + (list == null ? "nothing"
                    : list.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        List<ChatMessage> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode message = list.get(i);
            String where = field + "[" + i + "]";
            if (!message.isObject()) {
                throw GramianException.input(source, number, "\"" + where + "\" must be an object with \"role\" "
                        + "and \"content\"");
            }
            out.add(new ChatMessage(text(message, "role", source, number, where),
                    text(message, "content", source, number, where)));
        }
        return out;
    }

    private static String text(JsonNode record, String field, String source, long number) {
        return text(record, field, source, number, null);
    }

    private static String text(JsonNode record, String field, String source, long number, String within) {
        String name = within == null ? field : within + "." + field;
        JsonNode value = record.get(field);
        if (value == null) {
            throw GramianException.input(source, number, "missing field \"" + name + "\"");
        }
        if (!value.isTextual()) {
            throw GramianException.input(source, number, "field \"" + name + "\" must be a string, found "
                    + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return value.textValue();
    }

    private static void requireResponse(String response, String field, String source, long number) {
        if (response.isEmpty()) {
            throw GramianException.input(source, number, "empty \"" + field + "\" response");
        }
    }
}
