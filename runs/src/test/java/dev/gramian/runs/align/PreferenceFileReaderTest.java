package dev.gramian.runs.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.ChatMessage;
import dev.gramian.api.objective.ConversationPair;
import dev.gramian.api.objective.PreferencePair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a line of a preference file becomes a pair. */
class PreferenceFileReaderTest {

    @Test
    void fullTextsAreSplitAtTheSharedPrefix(@TempDir Path temp) throws IOException {
        Path data = Files.writeString(temp.resolve("full.jsonl"),
                "{\"chosen\": \"Q: 2+2?\\nA: 4\", \"rejected\": \"Q: 2+2?\\nA: 5\", \"id\": 7}\n");
        PreferenceFileReader.Contents contents = PreferenceFileReader.read(data);
        assertEquals(new PreferencePair("Q: 2+2?\nA: ", "4", "5"), contents.pairs().get(0).pair());
        assertEquals(1, contents.pairs().get(0).line());
        assertEquals(64, contents.sha256().length());
    }

    @Test
    void conversationalLinesBecomeConversationsWithAnImplicitPromptWhenNoneIsGiven(@TempDir Path temp)
            throws IOException {
        Path data = Files.writeString(temp.resolve("chat.jsonl"),
                "{\"prompt\": [{\"role\": \"user\", \"content\": \"2+2?\"}], "
                        + "\"chosen\": [{\"role\": \"assistant\", \"content\": \"4\"}], "
                        + "\"rejected\": [{\"role\": \"assistant\", \"content\": \"5\"}]}\n"
                        + "{\"chosen\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", "
                        + "\"content\": \"hello\"}], \"rejected\": [{\"role\": \"user\", \"content\": \"hi\"}, "
                        + "{\"role\": \"assistant\", \"content\": \"go away\"}]}\n");
        List<PreferenceFileReader.NumberedPair> pairs = PreferenceFileReader.read(data).pairs();
        ChatMessage user = new ChatMessage("user", "2+2?");
        assertEquals(new ConversationPair(List.of(user), List.of(new ChatMessage("assistant", "4")),
                List.of(new ChatMessage("assistant", "5"))), pairs.get(0).pair());
        assertEquals(new ConversationPair(List.of(new ChatMessage("user", "hi")),
                List.of(new ChatMessage("assistant", "hello")), List.of(new ChatMessage("assistant", "go away"))),
                pairs.get(1).pair());
    }

    @Test
    void badConversationsAreOneInputErrorNamingLineAndMessage(@TempDir Path temp) throws IOException {
        Path noRole = Files.writeString(temp.resolve("a.jsonl"), "\n{\"prompt\": [], \"chosen\": [{\"content\": "
                + "\"x\"}], \"rejected\": [{\"role\": \"assistant\", \"content\": \"y\"}]}\n");
        GramianException missing = assertThrows(GramianException.class, () -> PreferenceFileReader.read(noRole));
        assertEquals(noRole + ":2: missing field \"chosen[0].role\"", missing.getMessage());
        Path same = Files.writeString(temp.resolve("b.jsonl"), "{\"chosen\": [{\"role\": \"user\", \"content\": "
                + "\"x\"}], \"rejected\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"assistant\", "
                + "\"content\": \"y\"}]}\n");
        assertEquals(same + ":1: \"chosen\" has no messages after the prompt",
                assertThrows(GramianException.class, () -> PreferenceFileReader.read(same)).getMessage());
        Path mixed = Files.writeString(temp.resolve("c.jsonl"), "{\"prompt\": \"q\", \"chosen\": [], "
                + "\"rejected\": []}\n");
        assertTrue(assertThrows(GramianException.class, () -> PreferenceFileReader.read(mixed)).getMessage()
                .startsWith(mixed + ":1: field \"prompt\" must be a list of"));
    }
}
