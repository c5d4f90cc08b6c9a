package dev.gramian.cli.align;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.LoraSpec;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.plugin.ObjectiveSpec;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.api.probe.PairStep;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.data.TrlPreferenceEncoder;
import dev.gramian.objectives.margin.probing.PairAudit;
import dev.gramian.probes.entanglement.EntanglementCase;
import dev.gramian.probes.entanglement.EntanglementProbe;
import dev.gramian.runs.FileDigest;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.TableFiles;
import dev.gramian.runs.align.LanguageModelRuns;
import dev.gramian.runs.align.ModelCheckpoints;
import dev.gramian.runs.align.PreferenceDataSpec;
import dev.gramian.runs.pretrained.PretrainedFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gramian probe}: audits a preference data set's gradient entanglement at a checkpoint (or a
 * Hugging Face folder's model, {@code --model})
 * without training. Every pair's gradient geometry comes from {@link PairAudit} (fast Gram, exact
 * loss weights, the per-pair law with unit step size) and is interpreted by the {@code entanglement}
 * probe plugin, whose per-pair rows become {@code pairs.jsonl} and {@code pairs.csv} and whose
 * aggregates become {@code summary.json}.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Audit preference pairs for gradient entanglement at a checkpoint, without training: "
                + "per pair the cosine of the chosen and rejected log-prob gradients, the entanglement case "
                + "(ideal, both_fall, both_rise, other) and the predicted change of the chosen and rejected "
                + "log-probs for a unit gradient step on the pair alone.",
            "Writes --out/pairs.jsonl, pairs.csv, summary.json (pairs, mean cosine, fraction per case) and "
                + "config.json; prints the summary."})
public final class ProbeCommand extends TrainingCommand implements Callable<Integer> {
    private static final String PROBE = "entanglement";
    private static final String PAIRS = "pairs";
    private static final List<String> COLUMNS = List.of(EntanglementProbe.PAIR, EntanglementProbe.COSINE,
            EntanglementProbe.CASE, EntanglementProbe.ROW_PREDICTED_DELTA_CHOSEN,
            EntanglementProbe.ROW_PREDICTED_DELTA_REJECTED, EntanglementProbe.CHOSEN_SQ_NORM,
            EntanglementProbe.REJECTED_SQ_NORM, EntanglementProbe.INNER_PRODUCT, EntanglementProbe.D_LOGP_CHOSEN,
            EntanglementProbe.D_LOGP_REJECTED);
    /** The probe's scalars that summary.json keeps, by the key they get there. */
    private static final Map<String, String> SUMMARY = summaryKeys();

    @Option(names = "--checkpoint", paramLabel = "CKPT",
            description = "The model to audit (e.g. gramian sft's checkpoints/latest.ckpt).")
    private Path checkpoint;

    @Mixin
    private PretrainedOptions pretrained;

    @Option(names = "--reference", paramLabel = "CKPT",
            description = "The reference model of losses that use one; default: --checkpoint itself.")
    private Path reference;

    @Mixin
    private DataOptions data;

    @Option(names = "--objective", defaultValue = "dpo", paramLabel = "ID[:W],...",
            description = "The margin loss whose weights are audited, or a weighted sum such as "
                    + "dpo:0.8,bco:0.2,sft:1.0; default ${DEFAULT-VALUE}.")
    private String objective;

    @Option(names = {"-O", "--objective-option"}, paramLabel = "KEY=VALUE",
            description = "An option of the objective, e.g. -O beta=0.2; in a sum, -O dpo.beta=0.2 sets one "
                    + "component's and -O beta=0.2 every component's that takes it; repeatable.")
    private Map<String, String> objectiveOptions = new LinkedHashMap<>();

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N",
            description = "Pairs per Gram pass; default ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of built-in data; default ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the audit.")
    private Path out;

    @Option(names = "--force", description = "Replace the files of an earlier audit in a non-empty --out.")
    private boolean force;

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw GramianException.usage("--batch-size must be at least 1, got " + batchSize);
        }
        boolean fromFolder = pretrained.model() != null;
        if (fromFolder == (checkpoint != null)) {
            throw GramianException.usage("give exactly one of --checkpoint CKPT (a Gramian model) and --model DIR "
                    + "(a Hugging Face folder)");
        }
        LoraSpec lora = pretrained.lora();
        if (fromFolder && reference != null) {
            throw GramianException.usage("--reference takes a checkpoint; a --model folder is its own reference");
        }
        PretrainedFolder folder = fromFolder ? PretrainedFolder.load(pretrained.model()) : null;
        Tokenizer tokenizer = fromFolder ? folder.tokenizer() : tokenizer();
        PreferenceDataSpec spec = data.spec();
        ObjectiveSpec objectiveSpec = ObjectiveSpec.parse(objective);
        Objective loss = objectiveSpec.create(catalog, objectiveOptions);
        GradientProbe probe = catalog.create(PluginKind.PROBE, PROBE, Map.of(), GradientProbe.class);
        Checkpoint model = null;
        Checkpoint referenceModel = null;
        LanguageModelConfig shape = null;
        PreferenceDataSpec.Prepared prepared;
        if (fromFolder) {
            if (spec.maxLength() > folder.spec().context() + 1) {
                throw GramianException.usage("--max-length " + spec.maxLength() + " exceeds the model's context of "
                        + folder.spec().context() + " positions (+1)");
            }
            prepared = spec.prepare(catalog, new TrlPreferenceEncoder(tokenizer, spec.maxLength(), spec.truncation(),
                    warning -> streams.err().println("warning: " + warning)), seed);
        } else {
            model = CheckpointFile.read(checkpoint);
            shape = ModelCheckpoints.shape(model, checkpoint);
            LanguageModelRuns.checkFits(shape, tokenizer, spec.maxLength(), checkpoint.toString());
            referenceModel = reference == null ? model : CheckpointFile.read(reference);
            if (!referenceModel.parameters().sameLayout(model.parameters())) {
                throw GramianException.usage(reference + " does not have the parameters of "
                        + checkpoint + "; give a reference of the same shape");
            }
            prepared = spec.prepare(catalog, tokenizer, seed);
        }
        List<EncodedPair> pairs = new ArrayList<>(prepared.train());
        pairs.addAll(prepared.eval());

        ObjectNode config = config("probe", seed);
        config.setAll(prepared.description());
        if (fromFolder) {
            config.set("model", folder.describe(lora));
        } else {
            config.set("model", ModelCheckpoints.describe(shape));
            config.put("checkpoint", checkpoint.toAbsolutePath().normalize().toString());
            config.put("checkpoint_sha256", FileDigest.sha256(checkpoint));
        }
        if (reference != null) {
            config.put("reference", reference.toAbsolutePath().normalize().toString());
        }
        describeObjective(config, objectiveSpec, objectiveOptions);
        RunDirectory run = RunDirectory.open(out, force ? RunDirectory.Mode.FORCE : RunDirectory.Mode.FRESH);
        run.record(config);

        Map<String, Double> summary = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Backend backend = backend(); LanguageModel policy = fromFolder ? folder.model(backend, lora, seed)
                : backend.languageModel(shape, seed)) {
            int scoring = Math.max(8, batchSize);
            ReferenceScores ref = ReferenceScores.zeros(pairs.size());
            if (loss.usesReference()) {
                if (!fromFolder) {
                    policy.parameters().copyFrom(referenceModel.parameters());
                }
                ref = ReferenceScores.of(policy, pairs, scoring);
            }
            if (!fromFolder) {
                policy.parameters().copyFrom(model.parameters());
            }
            PairStep audit = PairAudit.run(policy, loss, pairs, ref, batchSize);
            probe.observeStep(audit, new MetricSink() {
                @Override
                public void scalar(String name, double value) {
                    summary.put(name, value);
                }

                @Override
                public void row(String table, Map<String, Object> row) {
                    rows.add(row);
                }
            });
        }
        writeRows(run.path(), rows);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("pairs", pairs.size());
        result.put("objective", objectiveSpec.text());
        SUMMARY.forEach((key, metric) -> RunJson.putNumber(result, key, summary.getOrDefault(metric, Double.NaN)));
        run.writeSummary(result);
        streams.out().printf(Locale.ROOT, "%d pairs, %s: mean cosine %.4f (p10 %.4f, p50 %.4f, p90 %.4f)%n",
                pairs.size(), objectiveSpec.text(), summary.get(EntanglementProbe.COSINE_MEAN),
                summary.get(EntanglementProbe.COSINE_P10), summary.get(EntanglementProbe.COSINE_P50),
                summary.get(EntanglementProbe.COSINE_P90));
        streams.out().printf(Locale.ROOT, "ideal %.3f, both fall %.3f, both rise %.3f, other %.3f%n",
                summary.get(EntanglementProbe.fraction(EntanglementCase.IDEAL)),
                summary.get(EntanglementProbe.fraction(EntanglementCase.BOTH_FALL)),
                summary.get(EntanglementProbe.fraction(EntanglementCase.BOTH_RISE)),
                summary.get(EntanglementProbe.fraction(EntanglementCase.OTHER)));
        streams.out().println("per pair: " + run.path().resolve(PAIRS + ".jsonl") + ", "
                + run.path().resolve(PAIRS + ".csv"));
        return 0;
    }

    private static Map<String, String> summaryKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("mean_cosine", EntanglementProbe.COSINE_MEAN);
        for (String metric : List.of(EntanglementProbe.COSINE_P10, EntanglementProbe.COSINE_P50,
                EntanglementProbe.COSINE_P90)) {
            keys.put(metric.substring(EntanglementProbe.PREFIX.length()), metric);
        }
        for (EntanglementCase pairCase : EntanglementCase.values()) {
            String metric = EntanglementProbe.fraction(pairCase);
            keys.put(metric.substring(EntanglementProbe.PREFIX.length()), metric);
        }
        for (String metric : List.of(EntanglementProbe.PREDICTED_DELTA_CHOSEN,
                EntanglementProbe.PREDICTED_DELTA_REJECTED)) {
            keys.put(metric.substring(EntanglementProbe.PREFIX.length()), metric);
        }
        return Collections.unmodifiableMap(keys);
    }

    private static void writeRows(Path dir, List<Map<String, Object>> rows) {
        try (TableFiles tables = TableFiles.fresh(dir)) {
            rows.forEach(row -> tables.row(PAIRS, select(row)));
        }
        TableFiles.writeCsv(dir, PAIRS, COLUMNS, rows);
    }

    private static Map<String, Object> select(Map<String, Object> row) {
        Map<String, Object> selected = new LinkedHashMap<>();
        COLUMNS.forEach(column -> selected.put(column, row.get(column)));
        return selected;
    }
}
