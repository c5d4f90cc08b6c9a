package dev.gramian.api.model;

import java.util.Objects;

/**
 * One message of a conversation, as chat templates and conversational preference data hold it.
 *
 * @param role    who speaks: {@code system}, {@code user}, {@code assistant}, {@code tool}, ...
 * @param content what is said
 */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
