package dev.gramian.runs.align;

import dev.gramian.api.objective.PreferencePair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
