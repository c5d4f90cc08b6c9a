package dev.gramian.runs.align;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.runs.FileDigest;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.RunPrecision;
import dev.gramian.runs.pretrained.PretrainedFolder;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What every language-model run shares: the tokenizer it encodes with, the start of its
 * {@code config.json} (the {@link Provenance} header with the tokenizer and backend plugins), how
 * the objective and input files are recorded there, and the checks that a model fits the tokenizer
 * and the longest pair.
 */
public final class LanguageModelRuns {
    /** The tokenizer every language-model run uses. */
    public static final String TOKENIZER = "byte";
    /** The seed of data splits, new models and batch order when none is given. */
    public static final long DEFAULT_SEED = 1;

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

    /**
     * As {@link #config(String, long, PluginCatalog)}, for a backend created with {@code backendOptions};
     * the header also records their {@link RunPrecision} under {@code precision}.
     */
    public static ObjectNode config(String command, long seed, PluginCatalog catalog,
                                    Map<String, String> backendOptions) {
        ObjectNode config = Provenance.header(command, seed);
        config.put(RunPrecision.KEY, RunPrecision.of(backendOptions).label());
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

    /**
     * Reads, splits and tokenises the pairs of {@code data} for the model of a Hugging Face folder as
     * TRL does; {@code warnings} receives a line per pair whose prompt tokens are not a prefix.
     *
     * @throws GramianException (usage) when {@code --max-length} exceeds the model's context
     */
    public static PreferenceDataSpec.Prepared prepare(PreferenceDataSpec data, PretrainedFolder folder,
                                                      PluginCatalog catalog, Consumer<String> warnings, long seed) {
        if (data.maxLength() > folder.spec().context() + 1) {
            throw GramianException.usage("--max-length " + data.maxLength() + " exceeds the model's context of "
                    + folder.spec().context() + " positions (+1)");
        }
        return data.prepareAsTrl(catalog, folder.tokenizer(), warnings, seed);
    }

    /**
     * Puts the objective under {@code objective}: its id ({@code dpo}, or a sum's canonical text such as
     * {@code dpo:0.8,sft:1.0}) and its resolved options ({@code id.key} in a sum).
     */
    public static void describeObjective(ObjectNode config, ObjectiveSpec objective, Map<String, String> given,
                                         PluginCatalog catalog) {
        ObjectNode plugin = config.putObject("objective");
        plugin.put("id", objective.text());
        objective.resolvedOptions(catalog, given).forEach(plugin.putObject("options")::put);
    }

    /** Puts {@code file}'s absolute path under {@code key} and its SHA-256 under {@code key_sha256}. */
    public static void describeFile(ObjectNode config, String key, Path file) {
        config.put(key, file.toAbsolutePath().normalize().toString());
        config.put(key + "_sha256", FileDigest.sha256(file));
    }
}
