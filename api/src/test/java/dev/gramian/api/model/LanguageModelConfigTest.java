package dev.gramian.api.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checkpoint's model configuration as a typed shape, and back. */
class LanguageModelConfigTest {

    @Test
    void readsAndWritesTheCheckpointKeys() {
        var shape = new LanguageModelConfig(259, 64, 2, 32, 4, 128);
        Map<String, String> text = shape.toModelConfig();
        assertEquals(List.of("vocabulary", "context", "layers", "width", "heads", "mlp"), List.copyOf(text.keySet()));
        assertEquals("128", text.get("mlp"));
        assertEquals(shape, LanguageModelConfig.fromModelConfig(text));
    }

    @Test
    void namesAMissingOrMalformedKey() {
        Map<String, String> text = new LinkedHashMap<>(new LanguageModelConfig(259, 64, 2, 32, 4, 128).toModelConfig());
        text.remove("heads");
        var missing = assertThrows(IllegalArgumentException.class, () -> LanguageModelConfig.fromModelConfig(text));
        assertTrue(missing.getMessage().contains("no key 'heads'"), missing::getMessage);
        text.put("heads", "four");
        var malformed = assertThrows(IllegalArgumentException.class, () -> LanguageModelConfig.fromModelConfig(text));
        assertTrue(malformed.getMessage().contains("'heads' is 'four', not an integer"), malformed::getMessage);
        text.put("heads", "5");
        var invalid = assertThrows(IllegalArgumentException.class, () -> LanguageModelConfig.fromModelConfig(text));
        assertTrue(invalid.getMessage().contains("must divide width"), invalid::getMessage);
    }
}
