package dev.gramian.tokenizers;

import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.plugin.PluginProvider;
import dev.gramian.api.plugin.Options;

/** The {@code byte} tokenizer plugin: UTF-8 bytes plus BOS, EOS and PAD (259 ids). */
public final class ByteTokenizerProvider implements PluginProvider<Tokenizer> {
    private static final PluginInfo INFO = new PluginInfo("byte", PluginKind.TOKENIZER,
            "one id per UTF-8 byte plus BOS, EOS and PAD (259 ids); needs no vocabulary file");

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public Tokenizer create(Options options) {
        return new ByteTokenizer();
    }
}
