package dev.gramian.runs.align;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gramian.api.GramianException;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.Tokenizer;
import dev.gramian.api.objective.Objective;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.api.plugin.PluginKind;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.api.probe.PairStep;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.probing.PairAudit;
import dev.gramian.probes.entanglement.EntanglementCase;
import dev.gramian.probes.entanglement.EntanglementProbe;
import dev.gramian.runs.RunDirectory;
import dev.gramian.runs.RunJson;
import dev.gramian.runs.TableFiles;
import dev.gramian.runs.pretrained.PretrainedFolder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one {@link AuditSpec}: every pair's gradient geometry at the model, without training, from
 * {@link PairAudit} (fast Gram, exact loss weights, the per-pair law with unit step size),
 * interpreted by the {@code entanglement} probe plugin. Its per-pair rows become {@code pairs.jsonl}
 * and {@code pairs.csv}, its aggregates {@code summary.json}, beside {@code config.json}.
 */
public final class AuditRunner {
    /** The table of per-pair rows: {@code pairs.jsonl} and {@code pairs.csv}. */
    public static final String PAIRS = "pairs";
    private static final String PROBE = "entanglement";
    private static final List<String> COLUMNS = List.of(EntanglementProbe.PAIR, EntanglementProbe.COSINE,
            EntanglementProbe.CASE, EntanglementProbe.ROW_PREDICTED_DELTA_CHOSEN,
            EntanglementProbe.ROW_PREDICTED_DELTA_REJECTED, EntanglementProbe.CHOSEN_SQ_NORM,
            EntanglementProbe.REJECTED_SQ_NORM, EntanglementProbe.INNER_PRODUCT, EntanglementProbe.D_LOGP_CHOSEN,
            EntanglementProbe.D_LOGP_REJECTED);
    /** The probe's scalars that summary.json keeps, by the key they get there. */
    private static final Map<String, String> SUMMARY = summaryKeys();

    private final PluginCatalog catalog;
    private final Consumer<String> warnings;
    private final Map<String, String> backendOptions;
    private final PairMeasurer measurer;

    /**
     * A runner that creates plugins from {@code catalog} and passes tokenisation warnings (a folder's
     * pairs whose prompt tokens are not a prefix) to {@code warnings}.
     */
    public AuditRunner(PluginCatalog catalog, Consumer<String> warnings) {
        this(catalog, warnings, Map.of(), null);
    }

    /**
     * A runner whose model work goes to {@code measurer}, or, when it is null, to one model on this
     * machine on a backend with {@code backendOptions} in the spec's precision (the backend's warning
     * that bfloat16 runs float32 goes to {@code warnings}); either way {@code config.json} records
     * {@code backendOptions} and the precision.
     */
    public AuditRunner(PluginCatalog catalog, Consumer<String> warnings, Map<String, String> backendOptions,
                       PairMeasurer measurer) {
        this.catalog = catalog;
        this.warnings = warnings;
        this.backendOptions = Map.copyOf(backendOptions);
        this.measurer = measurer != null ? measurer : (spec, pairs, usesReference) -> {
            try (AuditModel model = AuditModel.open(spec, catalog, this.backendOptions, warnings)) {
                return model.measure(pairs, usesReference);
            }
        };
    }

    /**
     * What an audit found.
     *
     * @param pairs     pairs audited (training and held-out)
     * @param objective the objective's canonical text
     * @param probed    the entanglement probe's scalars, by the names {@link EntanglementProbe} exports
     * @param run       the audit's directory
     */
    public record Outcome(int pairs, String objective, Map<String, Double> probed, Path run) {
        public Outcome {
            probed = Collections.unmodifiableMap(new LinkedHashMap<>(probed));
        }
    }

    /**
     * Audits {@code spec} into {@code directory}.
     *
     * @param mode what to do with a non-empty directory (an audit does not resume)
     * @throws GramianException for bad data, a model that does not fit, unknown plugins or an occupied
     *                          directory
     */
    public Outcome run(AuditSpec spec, Path directory, RunDirectory.Mode mode) {
        boolean fromFolder = spec.model() != null;
        PretrainedFolder folder = fromFolder ? PretrainedFolder.load(spec.model()) : null;
        Tokenizer tokenizer = fromFolder ? folder.tokenizer() : LanguageModelRuns.tokenizer(catalog);
        PreferenceDataSpec data = spec.data();
        Objective loss = spec.objective().create(catalog, spec.objectiveOptions());
        GradientProbe probe = catalog.create(PluginKind.PROBE, PROBE, Map.of(), GradientProbe.class);
        Checkpoint model = null;
        LanguageModelConfig shape = null;
        PreferenceDataSpec.Prepared prepared;
        if (fromFolder) {
            prepared = LanguageModelRuns.prepare(data, folder, catalog, warnings, spec.seed());
        } else {
            model = CheckpointFile.read(spec.checkpoint());
            shape = ModelCheckpoints.shape(model, spec.checkpoint());
            LanguageModelRuns.checkFits(shape, tokenizer, data.maxLength(), spec.checkpoint().toString());
            AuditModel.reference(spec, model);
            prepared = data.prepare(catalog, tokenizer, spec.seed());
        }
        List<EncodedPair> pairs = new ArrayList<>(prepared.train());
        pairs.addAll(prepared.eval());

        ObjectNode config = LanguageModelRuns.config("probe", spec.seed(), catalog,
                spec.precision().backendOptions(backendOptions));
        config.setAll(prepared.description());
        if (fromFolder) {
            config.set("model", folder.describe(spec.lora()));
        } else {
            config.set("model", ModelCheckpoints.describe(shape));
            LanguageModelRuns.describeFile(config, "checkpoint", spec.checkpoint());
        }
        if (spec.reference() != null) {
            config.put("reference", spec.reference().toAbsolutePath().normalize().toString());
        }
        LanguageModelRuns.describeObjective(config, spec.objective(), spec.objectiveOptions(), catalog);
        RunDirectory run = RunDirectory.open(directory, mode);
        run.record(config);

        Map<String, Double> probed = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        AuditModel.Measured measured = measurer.measure(spec, pairs, loss.usesReference());
        PairStep audit = PairAudit.assemble(loss, measured.measurements(), measured.reference());
        probe.observeStep(audit, new MetricSink() {
            @Override
            public void scalar(String name, double value) {
                probed.put(name, value);
            }

            @Override
            public void row(String table, Map<String, Object> row) {
                rows.add(row);
            }
        });
        writeRows(run.path(), rows);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("pairs", pairs.size());
        result.put("objective", spec.objective().text());
        SUMMARY.forEach((key, metric) -> RunJson.putNumber(result, key, probed.getOrDefault(metric, Double.NaN)));
        run.writeSummary(result);
        return new Outcome(pairs.size(), spec.objective().text(), probed, run.path());
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
