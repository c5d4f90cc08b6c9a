package dev.gramian.runs.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.backend.Backend;
import dev.gramian.api.checkpoint.Checkpoint;
import dev.gramian.api.checkpoint.CheckpointFile;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.plugin.PluginCatalog;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.objectives.margin.probing.PairAudit;
import dev.gramian.runs.Provenance;
import dev.gramian.runs.pretrained.PretrainedFolder;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The model an audit measures pairs with, loaded on a backend of its own: a Gramian checkpoint (and
 * its reference checkpoint) or a Hugging Face folder's model. {@link #measure} is the audit's model
 * work for any run of pairs; the scores are computed {@code max(8, batch size)} pairs at a time and
 * the Gram entries {@code batch size} at a time, so runs of pairs that start at multiples of both give
 * the numbers one pass over all pairs gives. The Spark adapter keeps one per executor and measures
 * each task's pairs with it.
 */
public final class AuditModel implements AutoCloseable {
    private final Backend backend;
    private final LanguageModel policy;
    private final Checkpoint model;
    private final Checkpoint reference;
    private final int batchSize;

    /**
     * Pairs measured: their reference scores (zeros when the loss reads none) and the model's Gram
     * entries and scores.
     *
     * @param reference    per pair, the reference model's scores
     * @param measurements per pair, what the audited model gives
     */
    public record Measured(ReferenceScores reference, PairAudit.Measurements measurements) {
        /** Consecutive runs of pairs' measurements, joined in order. */
        public static Measured concat(List<Measured> parts) {
            return new Measured(ReferenceScores.concat(parts.stream().map(Measured::reference).toList()),
                    PairAudit.Measurements.concat(parts.stream().map(Measured::measurements).toList()));
        }
    }

    private AuditModel(Backend backend, LanguageModel policy, Checkpoint model, Checkpoint reference, int batchSize) {
        this.backend = backend;
        this.policy = policy;
        this.model = model;
        this.reference = reference;
        this.batchSize = batchSize;
    }

    /**
     * Loads the model {@code spec} audits on a new backend (loads the native library) in the spec's
     * precision, silently where bfloat16 runs float32 (an executor of the Spark adapter).
     *
     * @param backendOptions options of the backend, e.g. {@link Provenance#threads}
     * @throws GramianException for an unreadable checkpoint or folder, or a reference of another shape
     */
    public static AuditModel open(AuditSpec spec, PluginCatalog catalog, Map<String, String> backendOptions) {
        return open(spec, catalog, backendOptions, warning -> { });
    }

    /**
     * As {@link #open(AuditSpec, PluginCatalog, Map)}, telling {@code warnings} when bfloat16 was asked
     * for and the backend runs float32.
     */
    public static AuditModel open(AuditSpec spec, PluginCatalog catalog, Map<String, String> backendOptions,
                                  Consumer<String> warnings) {
        Map<String, String> options = spec.precision().backendOptions(backendOptions);
        if (spec.model() != null) {
            PretrainedFolder folder = PretrainedFolder.load(spec.model());
            Backend backend = Provenance.backend(catalog, options, warnings);
            try {
                return new AuditModel(backend, folder.model(backend, spec.lora(), spec.seed()), null, null,
                        spec.batchSize());
            } catch (RuntimeException failure) {
                backend.close();
                throw failure;
            }
        }
        Checkpoint model = CheckpointFile.read(spec.checkpoint());
        Checkpoint reference = reference(spec, model);
        LanguageModelConfig shape = ModelCheckpoints.shape(model, spec.checkpoint());
        Backend backend = Provenance.backend(catalog, options, warnings);
        try {
            LanguageModel policy = backend.languageModel(shape, spec.seed());
            policy.parameters().copyFrom(model.parameters());
            return new AuditModel(backend, policy, model, reference, spec.batchSize());
        } catch (RuntimeException failure) {
            backend.close();
            throw failure;
        }
    }

    /**
     * The reference checkpoint of {@code spec} ({@code model} itself when none is given).
     *
     * @throws GramianException (usage) when its parameters are not {@code model}'s
     */
    static Checkpoint reference(AuditSpec spec, Checkpoint model) {
        Checkpoint reference = spec.reference() == null ? model : CheckpointFile.read(spec.reference());
        if (!reference.parameters().sameLayout(model.parameters())) {
            throw GramianException.usage(spec.reference() + " does not have the parameters of "
                    + spec.checkpoint() + "; give a reference of the same shape");
        }
        return reference;
    }

    /**
     * Measures {@code pairs}: the reference model's scores when {@code usesReference}, then the audited
     * model's Gram entries and scores.
     */
    public Measured measure(List<EncodedPair> pairs, boolean usesReference) {
        ReferenceScores scores = ReferenceScores.zeros(pairs.size());
        if (usesReference) {
            if (model != null) {
                policy.parameters().copyFrom(reference.parameters());
            }
            scores = ReferenceScores.of(policy, pairs, Math.max(8, batchSize));
            if (model != null) {
                policy.parameters().copyFrom(model.parameters());
            }
        }
        return new Measured(scores, PairAudit.measure(policy, pairs, batchSize));
    }

    /** Pairs per Gram pass; a run of pairs measured alone should start at a multiple of this and of 8. */
    public int batchSize() {
        return batchSize;
    }

    @Override
    public void close() {
        try {
            policy.close();
        } finally {
            backend.close();
        }
    }
}
