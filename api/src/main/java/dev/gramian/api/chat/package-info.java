/**
 * Conversations as chat models see them: a {@link dev.gramian.api.chat.ChatMessage} (role and
 * content) and the {@link dev.gramian.api.chat.ChatTemplate} that renders a list of them into the
 * text a model was trained on. Preference data in conversational form
 * ({@code dev.gramian.api.objective}) and tokenizers ({@code dev.gramian.api.model}) both use these;
 * the package depends on nothing else, so neither of them depends on the other through it.
 */
package dev.gramian.api.chat;
