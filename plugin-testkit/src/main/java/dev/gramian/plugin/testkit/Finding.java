package dev.gramian.plugin.testkit;

import java.util.Objects;

/**
 * The outcome of one conformance check on one subject.
 *
 * @param subject what was checked: a jar, or a plugin as {@code kind 'id'}
 * @param check   the rule, in a few words, e.g. {@code finite at margins up to ±1e4}
 * @param passed  whether the subject meets it
 * @param detail  for a failure, what went wrong and where (inputs, values); for a pass, what was
 *                covered, or empty
 */
public record Finding(String subject, String check, boolean passed, String detail) {
    public Finding {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(detail, "detail");
    }

    static Finding pass(String subject, String check, String detail) {
        return new Finding(subject, check, true, detail);
    }

    static Finding fail(String subject, String check, String detail) {
        return new Finding(subject, check, false, detail);
    }

    @Override
    public String toString() {
        return (passed ? "ok   " : "FAIL ") + subject + ": " + check + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
