package dev.gramian.runs.align;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException;
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
 * Reads preference pairs from JSON Lines: each non-blank line is an object with string fields
 * {@code prompt}, {@code chosen} and {@code rejected}, or only {@code chosen} and {@code rejected}
 * holding full texts that start with the same prompt (split at their longest shared prefix).
 * Other fields are ignored. Every problem is an input error {@code FILE:LINE: ...}.
 */
final class PreferenceFileReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A pair and the line it came from. */
    record NumberedPair(PreferencePair pair, long line) {
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

    private static PreferencePair parse(String source, long number, String line) {
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

    private static String text(JsonNode record, String field, String source, long number) {
        JsonNode value = record.get(field);
        if (value == null) {
            throw GramianException.input(source, number, "missing field \"" + field + "\"");
        }
        if (!value.isTextual()) {
            throw GramianException.input(source, number, "field \"" + field + "\" must be a string, found "
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
