package dev.gramian.tokenizers.hf;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gramian.api.GramianException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model folder's {@code tokenizer_config.json} says about the tokenizer: its special tokens
 * ({@code bos_token}, {@code eos_token}, {@code pad_token}, {@code unk_token}, each a string, an
 * {@code AddedToken} object with {@code content}, or null) and its chat template ({@code chat_template}:
 * a string, or a list of {@code {name, template}} of which {@code default} is used). A missing
 * file says nothing.
 *
 * @param specialTokens the special tokens named, by key ({@code bos_token}: {@code "<s>"}, ...)
 * @param chatTemplate  the template text, or null
 */
record TokenizerConfig(Map<String, String> specialTokens, String chatTemplate) {
    static final String FILE = "tokenizer_config.json";
    private static final String[] SPECIAL_KEYS = {"bos_token", "eos_token", "pad_token", "unk_token"};

    static TokenizerConfig read(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.exists(file)) {
            return new TokenizerConfig(Map.of(), null);
        }
        JsonFields fields = new JsonFields(file.toString());
        JsonNode root;
        try {
            root = TokenizerJsonReader.JSON.readTree(HfTokenizer.readText(file));
        } catch (JacksonException e) {
            throw GramianException.input(file.toString(), 0, "malformed JSON: " + e.getOriginalMessage());
        }
        fields.object(root, "$");
        Map<String, String> specials = new LinkedHashMap<>();
        for (String key : SPECIAL_KEYS) {
            JsonNode value = root.get(key);
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isTextual()) {
                specials.put(key, value.textValue());
            } else if (value.isObject()) {
                specials.put(key, fields.string(value, "content", "$." + key));
            } else {
                throw fields.error("$." + key, "expected a string, an object with \"content\", or null, found "
                        + JsonFields.kind(value));
            }
        }
        return new TokenizerConfig(specials, chatTemplate(root.get("chat_template"), fields));
    }

    private static String chatTemplate(JsonNode node, JsonFields fields) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        fields.array(node, "$.chat_template");
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < node.size(); i++) {
            String path = "$.chat_template[" + i + "]";
            JsonNode entry = fields.object(node.get(i), path);
            String name = fields.string(entry, "name", path);
            if (name.equals("default")) {
                return fields.string(entry, "template", path);
            }
            names.append(names.length() == 0 ? "" : ", ").append(name);
        }
        throw fields.error("$.chat_template", "no template named \"default\" among [" + names + "]");
    }
}
