/**
 * Tokenizers: the built-in byte tokenizer plugin, Hugging Face {@code tokenizer.json} tokenizers
 * (byte-level and SentencePiece-style BPE) and chat templates. Depends on the API, Jackson for the
 * JSON files and Jinjava for the templates.
 */
module dev.gramian.tokenizers {
    requires transitive dev.gramian.api;
    requires com.fasterxml.jackson.databind;
    requires jinjava; // an automatic module
    requires java.desktop; // Jinjava's EL resolver API names java.beans types

    exports dev.gramian.tokenizers;
    exports dev.gramian.tokenizers.hf;
    exports dev.gramian.tokenizers.chat;
    // Jinjava calls the template functions (raise_exception, strftime_now) by reflection.
    opens dev.gramian.tokenizers.chat to jinjava;

    provides dev.gramian.api.plugin.PluginProvider with
            dev.gramian.tokenizers.ByteTokenizerProvider;
}
