package dev.gramian.objectives.margin.data;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.ChatMessage;
import dev.gramian.api.model.ChatTemplate;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.ConversationPair;
import dev.gramian.api.objective.PreferenceExample;
import dev.gramian.api.objective.PreferencePair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tokenises preference pairs as TRL's {@code DPOTrainer} does for a Hugging Face model, so that
 * sequences and log-probabilities match TRL's.
 *
 * <ul>
 *   <li>Plain text: the EOS token's text is appended to each response; the prompt and prompt +
 *   response are tokenised with the tokenizer's special-token rule, and the response is the ids after
 *   the prompt's (a warning when the prompt's ids are not a prefix of the whole's, as happens when a
 *   merge crosses the boundary).</li>
 *   <li>Conversations: the chat template renders the prompt (with the generation prompt) and prompt +
 *   response (without), both tokenised without adding special tokens; the response is again the ids
 *   after the prompt's.</li>
 * </ul>
 * Long pairs follow the {@link TruncationPolicy}; {@code keep-end} keeps a leading BOS.
 */
public final class TrlPreferenceEncoder implements PairEncoder {
    private final Tokenizer tokenizer;
    private final int maxLength;
    private final TruncationPolicy policy;
    private final Consumer<String> warnings;

    /**
     * @param tokenizer a tokenizer with a special-token rule and, for conversations, a chat template
     * @param maxLength the longest sequence, in tokens
     * @param policy    what to do with longer pairs
     * @param warnings  receives one line per pair whose prompt ids are not a prefix of the whole's
     */
    public TrlPreferenceEncoder(Tokenizer tokenizer, int maxLength, TruncationPolicy policy, Consumer<String> warnings) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("max length must be at least 2, got " + maxLength);
        }
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.policy = policy;
        this.warnings = warnings;
    }

    @Override
    public EncodedPair encode(PreferenceExample example, String source, long line) {
        return example instanceof PreferencePair pair ? encode(pair, source, line)
                : encode((ConversationPair) example, source, line);
    }

    /**
     * Encodes a plain-text pair, or returns null when the policy skips it.
     *
     * @throws GramianException (usage) when the tokenizer has no EOS token; (input) naming
     *                          {@code source} and {@code line} when the pair does not fit
     */
    public EncodedPair encode(PreferencePair pair, String source, long line) {
        String eos = eosText();
        int[] prompt = tokenizer.encode(pair.prompt(), true);
        int[] chosen = response(prompt, tokenizer.encode(pair.prompt() + pair.chosen() + eos, true), "chosen",
                source, line);
        int[] rejected = response(prompt, tokenizer.encode(pair.prompt() + pair.rejected() + eos, true), "rejected",
                source, line);
        return PreferenceEncoder.fit(prompt, chosen, rejected, maxLength, policy, startsWithBos(prompt), source, line);
    }

    /**
     * Encodes a conversational pair with the tokenizer's chat template, or returns null when the
     * policy skips it.
     *
     * @throws GramianException (input) when the tokenizer has no chat template, the template fails,
     *                          or the pair does not fit
     */
    public EncodedPair encode(ConversationPair pair, String source, long line) {
        ChatTemplate template = tokenizer.chatTemplate().orElseThrow(() -> GramianException.input(source, line,
                "conversational pairs need the model's chat template, and this tokenizer has none (no "
                        + "chat_template.jinja or chat_template in tokenizer_config.json)"));
        int[] prompt = tokenizer.encode(template.render(pair.prompt(), true), false);
        int[] chosen = response(prompt, tokenizer.encode(template.render(concat(pair.prompt(), pair.chosen()), false),
                false), "chosen", source, line);
        int[] rejected = response(prompt, tokenizer.encode(template.render(concat(pair.prompt(), pair.rejected()),
                false), false), "rejected", source, line);
        return PreferenceEncoder.fit(prompt, chosen, rejected, maxLength, policy, startsWithBos(prompt), source, line);
    }

    private String eosText() {
        int eos = tokenizer.eos().orElseThrow(() -> new GramianException(GramianException.Category.USAGE,
                "the tokenizer has no EOS token, which TRL appends to every response (set eos_token in "
                        + "tokenizer_config.json)"));
        return tokenizer.token(eos).orElseThrow(() -> new GramianException(GramianException.Category.USAGE,
                "the tokenizer's EOS id " + eos + " has no text to append to responses"));
    }

    private boolean startsWithBos(int[] prompt) {
        return prompt.length > 0 && tokenizer.bos().isPresent() && prompt[0] == tokenizer.bos().getAsInt();
    }

    /** The ids of {@code whole} after the prompt's, warning when the prompt's are not a prefix. */
    private int[] response(int[] prompt, int[] whole, String side, String source, long line) {
        if (whole.length < prompt.length
                || !Arrays.equals(prompt, 0, prompt.length, whole, 0, prompt.length)) {
            warnings.accept(source + ":" + line + ": the prompt's tokens are not a prefix of prompt + " + side
                    + "'s; the response is taken as the tokens after the prompt's length, as TRL does");
        }
        return Arrays.copyOfRange(whole, Math.min(prompt.length, whole.length), whole.length);
    }

    private static List<ChatMessage> concat(List<ChatMessage> first, List<ChatMessage> second) {
        List<ChatMessage> out = new ArrayList<>(first.size() + second.size());
        out.addAll(first);
        out.addAll(second);
        return out;
    }
}
