package dev.gramian.api.objective;

import dev.gramian.api.model.ChatMessage;

import java.util.List;

/**
 * One preference example in conversational form (TRL's conversational format): the conversation so
 * far and two continuations, rendered with a model's chat template before tokenisation.
 *
 * @param prompt   the messages before the responses (may be empty)
 * @param chosen   the preferred continuation (usually one assistant message)
 * @param rejected the dispreferred continuation
 */
public record ConversationPair(List<ChatMessage> prompt, List<ChatMessage> chosen, List<ChatMessage> rejected)
        implements PreferenceExample {
    public ConversationPair {
        prompt = List.copyOf(prompt);
        chosen = List.copyOf(chosen);
        rejected = List.copyOf(rejected);
        if (chosen.isEmpty() || rejected.isEmpty()) {
            throw new IllegalArgumentException("chosen and rejected must hold at least one message");
        }
        if (chosen.equals(rejected)) {
            throw new IllegalArgumentException("chosen and rejected continuations are identical");
        }
    }
}
