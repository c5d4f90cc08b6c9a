package dev.gramian.cli.align;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.cli.wiring.ProcessStreams;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.align.LanguageModelRuns;
import dev.gramian.runs.align.TrainingPhases;
import dev.gramian.runs.progress.ProgressDisplay;

import java.util.Map;

/**
 * What the language-model commands share: the injected catalog, streams and progress display, and
 * shorthands for the jobs of {@code dev.gramian.runs.align} they call.
 */
public abstract class TrainingCommand {
    @Inject
    protected PluginCatalog catalog;

    @Inject
    protected ProcessStreams streams;

    @Inject
    protected ProgressDisplay display;

    /** The tokenizer every language-model run uses. */
    protected Tokenizer tokenizer() {
        return LanguageModelRuns.tokenizer(catalog);
    }

    /** A new backend (loads the native library). */
    protected Backend backend() {
        return Provenance.backend(catalog);
    }

    /** Runs phases into {@code run}, showing progress as the verbosity flags ask. */
    protected TrainingPhases phases(RunDirectory run) {
        return new TrainingPhases(run, display);
    }

    /** The start of config.json for {@code command}. */
    protected ObjectNode config(String command, long seed) {
        return LanguageModelRuns.config(command, seed, catalog);
    }

    /** Puts {@code {"id": id, "options": {...}}}, every option with its value, under {@code key}. */
    protected void describePlugin(ObjectNode config, String key, PluginKind kind, String id,
                                  Map<String, String> given) {
        Provenance.describePlugin(config, key, catalog, kind, id, given);
    }

    /**
     * Puts the objective under {@code objective}: its id ({@code dpo}, or a sum's canonical text such as
     * {@code dpo:0.8,sft:1.0}) and its resolved options ({@code id.key} in a sum).
     */
    protected void describeObjective(ObjectNode config, ObjectiveSpec objective, Map<String, String> given) {
        ObjectNode plugin = config.putObject("objective");
        plugin.put("id", objective.text());
        objective.resolvedOptions(catalog, given).forEach(plugin.putObject("options")::put);
    }
}
