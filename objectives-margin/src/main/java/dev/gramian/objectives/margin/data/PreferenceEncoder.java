package dev.gramian.objectives.margin.data;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.PreferencePair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tokenises preference pairs: {@code [BOS] prompt response}, the response scored, nothing appended
 * (so the single-token task differs in exactly one token). Pairs longer than {@code maxLength}
 * are handled by the {@link TruncationPolicy}; a response that alone does not fit is always an error.
 */
public final class PreferenceEncoder {
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

    /** The outcome of encoding a list: the pairs kept, and how many were skipped for length. */
    public record Result(List<EncodedPair> pairs, int skipped) {
    }

    /**
     * Encodes {@code pairs}; {@code source} names them in errors (a file name or data set id) and
     * pair {@code i} is reported as line {@code i + 1}.
     */
    public Result encodeAll(List<PreferencePair> pairs, String source) {
        List<EncodedPair> kept = new ArrayList<>(pairs.size());
        int skipped = 0;
        for (int i = 0; i < pairs.size(); i++) {
            EncodedPair encoded = encode(pairs.get(i), source, i + 1);
            if (encoded == null) {
                skipped++;
            } else {
                kept.add(encoded);
            }
        }
        return new Result(kept, skipped);
    }

    /** Encodes one pair, or returns null when the policy skips it. */
    public EncodedPair encode(PreferencePair pair, String source, long line) {
        int[] prompt = withBos(tokenizer.encode(pair.prompt()));
        int[] chosen = tokenizer.encode(pair.chosen());
        int[] rejected = tokenizer.encode(pair.rejected());
        int longest = Math.max(chosen.length, rejected.length);
        if (longest + 1 > maxLength) {
            throw GramianException.input(source, line, "response of " + longest + " tokens does not fit --max-length "
                    + maxLength + " (with at least one prompt token)");
        }
        if (prompt.length + longest > maxLength) {
            switch (policy) {
                case ERROR -> throw GramianException.input(source, line, "pair is " + (prompt.length + longest)
                        + " tokens, over --max-length " + maxLength
                        + "; raise it or choose --truncation keep-end or skip");
                case SKIP -> {
                    return null;
                }
                case KEEP_END -> prompt = keepEnd(prompt, maxLength - longest);
            }
        }
        return new EncodedPair(sequence(prompt, chosen), sequence(prompt, rejected));
    }

    private int[] withBos(int[] prompt) {
        int bos = tokenizer.bos().orElseThrow(() -> new GramianException(GramianException.Category.USAGE,
                "this tokenizer has no BOS token, which Gramian's own pair encoding puts before every prompt"));
        int[] out = new int[prompt.length + 1];
        out[0] = bos;
        System.arraycopy(prompt, 0, out, 1, prompt.length);
        return out;
    }

    /** Keeps BOS and the last {@code keep - 1} prompt tokens. */
    private static int[] keepEnd(int[] prompt, int keep) {
        int[] out = new int[keep];
        out[0] = prompt[0];
        System.arraycopy(prompt, prompt.length - (keep - 1), out, 1, keep - 1);
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
