package dev.gramian.api.objective;

import java.util.Objects;

/**
 * One preference example in text form: a prompt and two responses, the chosen (preferred) one and
 * the rejected one. Responses are non-empty and differ.
 *
 * @param prompt   the prompt (may be empty)
 * @param chosen   the preferred response, without the prompt
 * @param rejected the dispreferred response, without the prompt
 */
public record PreferencePair(String prompt, String chosen, String rejected) implements PreferenceExample {
    public PreferencePair {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        if (chosen.isEmpty() || rejected.isEmpty()) {
            throw new IllegalArgumentException("chosen and rejected responses must not be empty");
        }
        if (chosen.equals(rejected)) {
            throw new IllegalArgumentException("chosen and rejected responses are identical");
        }
    }
}
