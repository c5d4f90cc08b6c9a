/**
 * Tokenizers: the built-in byte tokenizer plugin, Hugging Face {@code tokenizer.json} tokenizers
 * (byte-level and SentencePiece-style BPE) and chat templates. Depends on the API, Jackson for the
 * JSON files and Jinjava for the templates.
 */
module dev.gramian.tokenizers {
    requires transitive dev.gramian.api;

    exports dev.gramian.tokenizers;

    provides dev.gramian.api.plugin.PluginProvider with
            dev.gramian.tokenizers.ByteTokenizerProvider;
}
