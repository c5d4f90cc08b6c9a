package dev.gramian.objectives.margin.data;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.PreferenceExample;
import dev.gramian.api.objective.PreferencePair;

import java.util.Arrays;

/**
 * Tokenises preference pairs: {@code [BOS] prompt response}, the response scored, nothing appended
 * (so the single-token task differs in exactly one token). Pairs longer than {@code maxLength}
 * are handled by the {@link TruncationPolicy}; a response that alone does not fit is always an error.
 */
public final class PreferenceEncoder implements PairEncoder {
    private final Tokenizer tokenizer;
    private final int maxLength;
    private final TruncationPolicy policy;

    public PreferenceEncoder(Tokenizer tokenizer, int maxLength, TruncationPolicy policy) {
        if (maxLength < 3) {
            throw new IllegalArgumentException("max length must be at least 3, got " + maxLength);
        }
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.policy = policy;
    }

    @Override
    public EncodedPair encode(PreferenceExample example, String source, long line) {
        if (example instanceof PreferencePair pair) {
            return encode(pair, source, line);
        }
        throw GramianException.input(source, line, "conversational pairs need a model folder with a chat template; "
                + "Gramian's own models read plain text");
    }

    /** Encodes one pair, or returns null when the policy skips it. */
    public EncodedPair encode(PreferencePair pair, String source, long line) {
        int[] prompt = withBos(tokenizer.encode(pair.prompt()));
        return fit(prompt, tokenizer.encode(pair.chosen()), tokenizer.encode(pair.rejected()), maxLength, policy,
                true, source, line);
    }

    private int[] withBos(int[] prompt) {
        int bos = tokenizer.bos().orElseThrow(() -> new GramianException(GramianException.Category.USAGE,
                "this tokenizer has no BOS token, which Gramian's own pair encoding puts before every prompt"));
        int[] out = new int[prompt.length + 1];
        out[0] = bos;
        System.arraycopy(prompt, 0, out, 1, prompt.length);
        return out;
    }

    /**
     * The pair {@code prompt + chosen}, {@code prompt + rejected} within {@code maxLength} per the
     * policy, or null when it skips the pair; {@code keepFirst} keeps the prompt's first token (a BOS)
     * when the policy cuts the prompt's start.
     */
    static EncodedPair fit(int[] prompt, int[] chosen, int[] rejected, int maxLength, TruncationPolicy policy,
                           boolean keepFirst, String source, long line) {
        int longest = Math.max(chosen.length, rejected.length);
        if (Math.min(chosen.length, rejected.length) == 0) {
            throw GramianException.input(source, line, "a response has no tokens after tokenisation");
        }
        if (prompt.length == 0) {
            throw GramianException.input(source, line, "the prompt has no tokens (and the tokenizer adds none), so "
                    + "nothing conditions the first response token");
        }
        int reserved = keepFirst ? 1 : 0;
        if (longest + Math.max(1, reserved) > maxLength) {
            throw GramianException.input(source, line, "response of " + longest + " tokens does not fit --max-length "
                    + maxLength + " (with at least one prompt token)");
        }
        int[] kept = prompt;
        if (prompt.length + longest > maxLength) {
            switch (policy) {
                case ERROR -> throw GramianException.input(source, line, "pair is " + (prompt.length + longest)
                        + " tokens, over --max-length " + maxLength
                        + "; raise it or choose --truncation keep-end or skip");
                case SKIP -> {
                    return null;
                }
                case KEEP_END -> kept = keepEnd(prompt, maxLength - longest, keepFirst);
            }
        }
        return new EncodedPair(sequence(kept, chosen), sequence(kept, rejected));
    }

    /** The last {@code keep} prompt tokens, or with {@code keepFirst} the first and the last {@code keep - 1}. */
    private static int[] keepEnd(int[] prompt, int keep, boolean keepFirst) {
        int[] out = new int[keep];
        int head = keepFirst ? 1 : 0;
        if (keepFirst) {
            out[0] = prompt[0];
        }
        System.arraycopy(prompt, prompt.length - (keep - head), out, head, keep - head);
        return out;
    }

    private static Sequence sequence(int[] prompt, int[] response) {
        int[] tokens = Arrays.copyOf(prompt, prompt.length + response.length);
        System.arraycopy(response, 0, tokens, prompt.length, response.length);
        return new Sequence(tokens, prompt.length);
    }

    /**
     * Splits full texts that both start with the prompt (as several public data sets store them)
     * at their longest common prefix: the prompt is the shared prefix, the responses the rest.
     *
     * @throws IllegalArgumentException when the texts are identical or one is a prefix of the other
     */
    public static PreferencePair fromFullTexts(String chosenFull, String rejectedFull) {
        int n = Math.min(chosenFull.length(), rejectedFull.length());
        int common = 0;
        while (common < n && chosenFull.charAt(common) == rejectedFull.charAt(common)) {
            common++;
        }
        // never split a surrogate pair
        if (common > 0 && Character.isHighSurrogate(chosenFull.charAt(common - 1))) {
            common--;
        }
        return new PreferencePair(chosenFull.substring(0, common), chosenFull.substring(common),
                rejectedFull.substring(common));
    }
}
