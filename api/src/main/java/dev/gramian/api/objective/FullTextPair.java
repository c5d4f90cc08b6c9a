package dev.gramian.api.objective;

import java.util.Objects;

/**
 * A plain-text preference example whose prompt is inside both texts (TRL's "implicit prompt"
 * format): the shared start is the prompt and the rest the responses. Where exactly the prompt ends
 * is the encoder's choice (TRL leaves a space before the first difference to the responses).
 *
 * @param chosen   the prompt and the preferred response
 * @param rejected the prompt and the dispreferred response
 */
public record FullTextPair(String chosen, String rejected) implements PreferenceExample {
    public FullTextPair {
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        if (chosen.startsWith(rejected) || rejected.startsWith(chosen)) {
            throw new IllegalArgumentException("one text is a prefix of the other, so a response would be empty");
        }
    }

    /** The length of the longest shared start, never splitting a surrogate pair. */
    public int sharedPrefixLength() {
        int n = Math.min(chosen.length(), rejected.length());
        int common = 0;
        while (common < n && chosen.charAt(common) == rejected.charAt(common)) {
            common++;
        }
        if (common > 0 && Character.isHighSurrogate(chosen.charAt(common - 1))) {
            common--;
        }
        return common;
    }

    /** The pair with the prompt ending at {@code promptLength} characters. */
    public PreferencePair split(int promptLength) {
        return new PreferencePair(chosen.substring(0, promptLength), chosen.substring(promptLength),
                rejected.substring(promptLength));
    }
}
