package dev.gramian.api.model;

import java.util.List;

/**
 * Renders a conversation into the text a chat model was trained on (a Hugging Face chat template).
 * Rendering is deterministic; the text is tokenised afterwards without adding special tokens, since
 * the template writes them itself.
 */
public interface ChatTemplate {

    /**
     * The text of {@code messages}; with {@code addGenerationPrompt} it ends with the opening of an
     * assistant turn.
     *
     * @throws dev.gramian.api.GramianException an input error naming the template's file when the
     *                                          template raises or cannot be rendered
     */
    String render(List<ChatMessage> messages, boolean addGenerationPrompt);
}
