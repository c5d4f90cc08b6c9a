package dev.gramian.cli.align;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.ObjectiveSpec;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.cli.command.GramianCommand;
import dev.gramian.cli.command.GramianVersion;
import dev.gramian.cli.progress.Progress;
import dev.gramian.cli.run.RunDirectory;
import dev.gramian.cli.wiring.ProcessStreams;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * What the training commands share: the injected catalog and streams, the tokenizer and backend
 * they train with, the start of {@code config.json}, and progress that follows {@code --quiet} and
 * {@code --verbose}.
 */
abstract class TrainingCommand {
    /** The tokenizer every training command uses. */
    static final String TOKENIZER = "byte";
    /** The backend every training command uses. */
    static final String BACKEND = "tensorflow";

    @Inject
    PluginCatalog catalog;

    @Inject
    ProcessStreams streams;

    @Spec
    CommandSpec spec;

    /** The byte tokenizer. */
    Tokenizer tokenizer() {
        return catalog.create(PluginKind.TOKENIZER, TOKENIZER, Map.of(), Tokenizer.class);
    }

    /** A new TensorFlow backend (loads the native library). */
    Backend backend() {
        return catalog.create(PluginKind.BACKEND, BACKEND, Map.of(), Backend.class);
    }

    /** Runs phases into {@code run}, showing progress as the verbosity flags ask. */
    TrainingPhases phases(RunDirectory run) {
        GramianCommand root = (GramianCommand) spec.root().userObject();
        return new TrainingPhases(run, Progress.styleFor(root.verbosity().quiet()), root.verbosity().verbose(),
                streams.err());
    }

    /**
     * The start of config.json: command, versions, time, seed, tokenizer and backend plugins,
     * {@code java} and {@code os}.
     */
    ObjectNode config(String command, long seed) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("command", command);
        config.put("gramian_version", GramianVersion.version());
        config.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        config.put("seed", seed);
        describePlugin(config, "tokenizer", catalog, PluginKind.TOKENIZER, TOKENIZER, Map.of());
        describePlugin(config, "backend", catalog, PluginKind.BACKEND, BACKEND, Map.of());
        config.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        config.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        return config;
    }

    /** Puts {@code {"id": id, "options": {...}}}, every option with its value, under {@code key}. */
    static void describePlugin(ObjectNode config, String key, PluginCatalog catalog, PluginKind kind, String id,
                               Map<String, String> given) {
        ObjectNode plugin = config.putObject(key);
        plugin.put("id", id);
        Options.resolve(catalog.find(kind, id).info(), given).asText().forEach(plugin.putObject("options")::put);
    }

    /**
     * Records the objective under {@code objective}: its id ({@code dpo}, or a sum's canonical text such
     * as {@code dpo:0.8,sft:1.0}) and its resolved options ({@code id.key} in a sum).
     */
    static void describeObjective(ObjectNode config, PluginCatalog catalog, ObjectiveSpec objective,
                                  Map<String, String> given) {
        ObjectNode plugin = config.putObject("objective");
        plugin.put("id", objective.text());
        objective.resolvedOptions(catalog, given).forEach(plugin.putObject("options")::put);
    }

    /**
     * Checks that the model fits the data and tokenizer.
     *
     * @throws GramianException (usage) naming the mismatch
     */
    static void checkFits(LanguageModelConfig shape, Tokenizer tokenizer, int maxLength, String where) {
        if (shape.vocabularySize() != tokenizer.vocabularySize()) {
            throw GramianException.usage(where + " has a vocabulary of " + shape.vocabularySize() + " tokens, the "
                    + TOKENIZER + " tokenizer " + tokenizer.vocabularySize());
        }
        if (shape.context() < maxLength) {
            throw GramianException.usage("--max-length " + maxLength + " exceeds the context of " + where + " ("
                    + shape.context() + " tokens); lower --max-length, or train a model with a longer --context");
        }
    }

    /** A phase's summary: its name, steps, last training metrics and first and last held-out metrics. */
    static ObjectNode summary(String phase, long steps, PhaseRecorder recorder) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("phase", phase);
        summary.put("steps", steps);
        putMetrics(summary.putObject("train"), recorder.lastTrain());
        putMetrics(summary.putObject("eval_first"), recorder.firstEval());
        putMetrics(summary.putObject("eval_last"), recorder.lastEval());
        return summary;
    }

    /** Puts metrics into a JSON object, non-finite values as null. */
    static void putMetrics(ObjectNode target, Map<String, Double> metrics) {
        metrics.forEach((key, value) -> {
            if (Double.isFinite(value)) {
                target.put(key, value);
            } else {
                target.putNull(key);
            }
        });
    }
}
