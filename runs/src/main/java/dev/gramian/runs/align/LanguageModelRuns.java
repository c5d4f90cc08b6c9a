package dev.gramian.runs.align;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.runs.Provenance;

import java.util.Map;

/**
 * What every language-model run shares: the tokenizer it encodes with, the start of its
 * {@code config.json} (the {@link Provenance} header with the tokenizer and backend plugins), and
 * the check that a model fits the tokenizer and the longest pair.
 */
public final class LanguageModelRuns {
    /** The tokenizer every language-model run uses. */
    public static final String TOKENIZER = "byte";

    private LanguageModelRuns() {
    }

    /** The tokenizer, created from the catalog. */
    public static Tokenizer tokenizer(PluginCatalog catalog) {
        return catalog.create(PluginKind.TOKENIZER, TOKENIZER, Map.of(), Tokenizer.class);
    }

    /** The start of config.json: the {@link Provenance#header} with the tokenizer and backend plugins. */
    public static ObjectNode config(String command, long seed, PluginCatalog catalog) {
        return config(command, seed, catalog, Map.of());
    }

    /** As {@link #config(String, long, PluginCatalog)}, for a backend created with {@code backendOptions}. */
    public static ObjectNode config(String command, long seed, PluginCatalog catalog,
                                    Map<String, String> backendOptions) {
        ObjectNode config = Provenance.header(command, seed);
        Provenance.describePlugin(config, "tokenizer", catalog, PluginKind.TOKENIZER, TOKENIZER, Map.of());
        Provenance.describeBackend(config, catalog, backendOptions);
        Provenance.describePluginPath(config, catalog);
        return config;
    }

    /**
     * Checks that the model fits the data and tokenizer.
     *
     * @param where the model's origin in messages (a checkpoint path, "the new model")
     * @throws GramianException (usage) naming the mismatch
     */
    public static void checkFits(LanguageModelConfig shape, Tokenizer tokenizer, int maxLength, String where) {
        if (shape.vocabularySize() != tokenizer.vocabularySize()) {
            throw GramianException.usage(where + " has a vocabulary of " + shape.vocabularySize() + " tokens, the "
                    + TOKENIZER + " tokenizer " + tokenizer.vocabularySize());
        }
        if (shape.context() < maxLength) {
            throw GramianException.usage("--max-length " + maxLength + " exceeds the context of " + where + " ("
                    + shape.context() + " tokens); lower --max-length, or train a model with a longer --context");
        }
    }
}
