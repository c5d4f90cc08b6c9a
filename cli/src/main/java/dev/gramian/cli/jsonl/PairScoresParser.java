package dev.gramian.cli.jsonl;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gramian.api.GramianException;
import dev.gramian.api.objective.PairScores;

import java.util.List;
import java.util.Objects;

/**
 * Parses one JSON Lines record of a preference pair into {@link PairScores}. A record is a JSON
 * object with the numeric fields {@code logp_chosen}, {@code logp_rejected}, {@code len_chosen},
 * {@code len_rejected} and, when the objective uses a reference model, {@code ref_logp_chosen} and
 * {@code ref_logp_rejected} (otherwise they default to 0). Other fields are ignored, so records
 * may carry ids or expected values. Every failure is an input error naming the source, the line
 * and the field.
 */
public final class PairScoresParser {
    private static final List<String> POLICY_FIELDS = List.of("logp_chosen", "logp_rejected", "len_chosen",
            "len_rejected");
    private static final List<String> ALL_FIELDS = List.of("logp_chosen", "logp_rejected", "ref_logp_chosen",
            "ref_logp_rejected", "len_chosen", "len_rejected");

    private final ObjectMapper mapper = new ObjectMapper();
    private final String source;
    private final boolean referenceRequired;

    /**
     * @param source            the file name (or {@code <stdin>}) used in error messages
     * @param referenceRequired whether the reference fields must be present
     */
    public PairScoresParser(String source, boolean referenceRequired) {
        this.source = Objects.requireNonNull(source, "source");
        this.referenceRequired = referenceRequired;
    }

    /**
     * Parses one line.
     *
     * @param line   the text of the line
     * @param number its 1-based line number, for messages
     * @throws GramianException (input) for malformed JSON, a missing or non-numeric field, or a value
     *                          out of range (a positive log-probability, a length below 1)
     */
    public PairScores parse(String line, long number) {
        JsonNode record;
        try {
            record = mapper.readTree(line);
        } catch (JacksonException e) {
            String problem = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source.*?]\\)", "");
            String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw GramianException.input(source, number, "malformed JSON" + column + ": " + problem);
        }
        if (record == null || !record.isObject()) {
            throw GramianException.input(source, number, "expected a JSON object with the fields "
                    + String.join(", ", requiredFields()));
        }
        double logpChosen = number(record, "logp_chosen", true, number);
        double logpRejected = number(record, "logp_rejected", true, number);
        double refChosen = number(record, "ref_logp_chosen", referenceRequired, number);
        double refRejected = number(record, "ref_logp_rejected", referenceRequired, number);
        double lenChosen = number(record, "len_chosen", true, number);
        double lenRejected = number(record, "len_rejected", true, number);
        try {
            return new PairScores(logpChosen, logpRejected, refChosen, refRejected, lenChosen, lenRejected);
        } catch (IllegalArgumentException e) {
            throw GramianException.input(source, number, e.getMessage());
        }
    }

    private List<String> requiredFields() {
        return referenceRequired ? ALL_FIELDS : POLICY_FIELDS;
    }

    private double number(JsonNode record, String field, boolean required, long number) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            if (!required) {
                return 0;
            }
            throw GramianException.input(source, number, "missing field '" + field + "'; required fields: "
                    + String.join(", ", requiredFields()));
        }
        if (!value.isNumber()) {
            throw GramianException.input(source, number, "field '" + field + "' must be a number, got " + value);
        }
        return value.doubleValue();
    }
}
