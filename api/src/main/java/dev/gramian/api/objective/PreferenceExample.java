package dev.gramian.api.objective;

/**
 * One preference example as data holds it: plain text ({@link PreferencePair}) or a conversation
 * ({@link ConversationPair}, which needs a model's chat template to become text).
 */
public sealed interface PreferenceExample permits PreferencePair, ConversationPair {
}
